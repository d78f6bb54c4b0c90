import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { strip } from '../lib/adapters/dynamodb/model.js';
import { SMS_REQUEST_TIMEOUT_SECONDS } from '../lib/domain/outbox.js';
import type { SmsMessage } from '../lib/domain/sms.js';
import type { Deps } from '../lib/ports/deps.js';
import type { Metrics } from '../lib/ports/metrics.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import { dispatchScheduledEvent, type ScheduledRunners } from './scheduled-events.js';

// The outbox sender: triggered by the table's stream for each new SMS item (sends those at once,
// straight from the stream images: no read) and by the recurring drain schedule (sends whatever
// is due, e.g. deferred past quiet hours or put back for a retry). It stops starting sends in time
// to write back every outcome before the function's timeout.

/** Margin kept for writing the outcomes after the last send. */
const SETTLE_MARGIN_MS = 5_000;

export function createOutboxHandler(deps: Deps, options: { metrics?: Metrics } = {}) {
  const drainDeps = { ...deps, ...(options.metrics ? { metrics: options.metrics } : {}) };
  return async (event: DynamoDBStreamEvent | { type: string }, context?: Pick<Context, 'getRemainingTimeInMillis'>) => {
    const remaining = context?.getRemainingTimeInMillis?.();
    const timeBudgetMs = remaining === undefined ? undefined : Math.max(0, remaining - SMS_REQUEST_TIMEOUT_SECONDS * 1000 - SETTLE_MARGIN_MS);
    const budget = timeBudgetMs === undefined ? {} : { timeBudgetMs };
    if ('Records' in event) {
      const messages = event.Records.flatMap((r) => {
        const image = r.dynamodb?.NewImage;
        if (image?.entity?.S !== 'sms') return [];
        return [strip<SmsMessage>(unmarshall(image as Record<string, AttributeValue>))];
      });
      return messages.length ? drainOutbox(drainDeps, { messages, ...budget }) : { sent: 0 };
    }
    // The one scheduled event the outbox function serves (the recurring drain); any other is dropped.
    const runners: ScheduledRunners = { drainOutbox: () => drainOutbox(drainDeps, budget) };
    return dispatchScheduledEvent(deps, event, runners);
  };
}
