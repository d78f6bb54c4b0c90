import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { Deps } from '../lib/ports/deps.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import { dispatchScheduledEvent, type ScheduledRunners } from './scheduled.js';

// The outbox sender: triggered by the table's stream for each new SMS item (sends those at once),
// and by the recurring drain schedule (sends whatever is due, e.g. deferred past quiet hours).

/** The one scheduled event the outbox function serves (the recurring drain). */
const OUTBOX_RUNNERS: ScheduledRunners = { drainOutbox: (deps) => drainOutbox(deps) };

export function createOutboxHandler(deps: Deps) {
  return async (event: DynamoDBStreamEvent | { type: string }) => {
    if ('Records' in event) {
      const ids = event.Records.flatMap((r) => {
        const image = r.dynamodb?.NewImage;
        return image?.entity?.S === 'sms' && image.id?.S ? [image.id.S] : [];
      });
      return ids.length ? drainOutbox(deps, { ids }) : { sent: 0 };
    }
    return dispatchScheduledEvent(deps, event, OUTBOX_RUNNERS);
  };
}
