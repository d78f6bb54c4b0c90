import { describe, expect, it, vi } from 'vitest';
import { createOutboxHandler } from '../../functions/outbox.js';
import { createScheduledHandler, SCHEDULED_FUNCTION_RUNNERS, ScheduledEventSchema } from '../../functions/scheduled.js';
import { createLogger } from '../../lib/adapters/logger.js';
import type { Deps } from '../../lib/ports/deps.js';

// Each Lambda serves only its own scheduled events, so it bundles only their use cases: the outbox
// function only drains the outbox (it alone may send), the scheduled function everything else.

function depsWithLogger() {
  const logger = createLogger({ logLevel: 'SILENT' });
  const error = vi.spyOn(logger, 'error');
  return { deps: { logger } as unknown as Deps, error };
}

describe('scheduled event dispatch', () => {
  it('drops and logs a scheduled event the outbox function does not serve, touching nothing', async () => {
    const { deps, error } = depsWithLogger();

    const result = await createOutboxHandler(deps)({ type: 'sweep' });

    expect(result).toEqual({ dropped: true });
    expect(error).toHaveBeenCalledWith('scheduled event this function does not serve dropped', { type: 'sweep' });
  });

  it('drops and logs an outbox drain sent to the scheduled function, which may not send', async () => {
    const { deps, error } = depsWithLogger();

    const result = await createScheduledHandler(deps)({ type: 'drainOutbox' });

    expect(result).toEqual({ dropped: true });
    expect(error).toHaveBeenCalledWith('scheduled event this function does not serve dropped', { type: 'drainOutbox' });
  });

  it('serves in the scheduled function every event type the scheduler sends it, all but the outbox drain', () => {
    const types = ScheduledEventSchema._zod.def.options.map((o) => o.shape.type._zod.def.values[0]);

    expect(Object.keys(SCHEDULED_FUNCTION_RUNNERS).sort()).toEqual(types.filter((t) => t !== 'drainOutbox').sort());
  });
});
