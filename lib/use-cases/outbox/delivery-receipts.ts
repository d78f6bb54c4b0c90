import { receiptTime, TENCENT_OK, TencentStatusCallback } from '../../domain/provider-callbacks.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// receiveTencentStatus: Tencent Cloud SMS delivery receipts. Each marks its text delivered or
// undelivered by the serial number SendSms returned, once (a repeated receipt changes nothing); an
// undelivered rating request leaves the agent's ratingRequests for undelivered and shows in the
// customer's file. A receipt for a text foster does not know is logged and acknowledged.

export async function receiveTencentStatus(deps: Pick<Deps, 'store' | 'clock' | 'logger'>, body: unknown) {
  const reports = parseInput(TencentStatusCallback, body);
  const now = deps.clock.now().toISOString();
  const outcomes = await mapConcurrent(reports, 4, async (r) => {
    const delivered = r.report_status === 'SUCCESS';
    const outcome = await deps.store.recordDeliveryReceipt({
      providerMessageId: r.sid,
      delivered,
      at: receiptTime(r.user_receive_time) ?? now,
      ...(delivered || !r.errmsg ? {} : { error: r.errmsg }),
    });
    if (outcome === 'unknown') deps.logger.warn('delivery receipt for an unknown text', { sid: r.sid });
    else if (!delivered && outcome === 'applied') deps.logger.warn('sms undelivered', { sid: r.sid, error: r.errmsg });
    return outcome;
  });
  deps.logger.info('delivery receipts', {
    applied: outcomes.filter((o) => o === 'applied').length,
    duplicate: outcomes.filter((o) => o === 'duplicate').length,
    unknown: outcomes.filter((o) => o === 'unknown').length,
  });
  return TENCENT_OK;
}
