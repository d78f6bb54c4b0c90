import type { SNSEvent } from 'aws-lambda';
import { InboundSmsPayload } from '../lib/domain/inbound.js';
import { redactPhones } from '../lib/adapters/logger.js';
import type { Deps } from '../lib/ports/deps.js';
import { handleInboundSms, type InboundResult } from '../lib/use-cases/replies/handle-inbound-sms.js';

// The inbound-SMS Lambda: each SNS record carries one End User Messaging two-way SMS as JSON.
// A record that is not valid JSON of that shape is parked (stored for review, logged without the
// number) and never retried; a failure of one record does not stop the others, and the event is
// retried (idempotently) only when a record failed for a reason a retry can fix.

export function createInboundSmsHandler(deps: Deps) {
  return async (event: SNSEvent): Promise<{ results: (InboundResult | { outcome: 'malformed' })[] }> => {
    const results: (InboundResult | { outcome: 'malformed' })[] = [];
    const failures: unknown[] = [];
    for (const record of event.Records ?? []) {
      const snsId = record.Sns?.MessageId ?? 'unknown';
      let json: unknown;
      try {
        json = JSON.parse(record.Sns?.Message ?? '');
      } catch {
        json = undefined;
      }
      const parsed = InboundSmsPayload.safeParse(json);
      if (!parsed.success) {
        const reason = json === undefined ? 'not JSON' : parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
        deps.logger.warn('inbound sms malformed: parked', { snsMessageId: snsId, reason });
        await deps.store.recordInbound({
          record: {
            id: `sns-${snsId}`,
            body: redactPhones(String(record.Sns?.Message ?? '')).slice(0, 1600),
            receivedAt: deps.clock.now().toISOString(),
            outcome: 'malformed',
            reason,
          },
        });
        results.push({ outcome: 'malformed' });
        continue;
      }
      try {
        results.push(await handleInboundSms(deps, parsed.data));
      } catch (error) {
        deps.logger.error('inbound sms failed', { snsMessageId: snsId, inboundMessageId: parsed.data.inboundMessageId, error });
        failures.push(error);
      }
    }
    if (failures.length) throw new AggregateError(failures, `${failures.length} of ${event.Records.length} inbound records failed`);
    return { results };
  };
}
