import type { InboundRecord, InboundSmsPayload } from '../../domain/inbound.js';
import { maskPhone, toE164 } from '../../domain/phone.js';
import { parseReply } from '../../domain/reply.js';
import { newSms } from '../../domain/sms.js';
import { localMonth } from '../../domain/time.js';
import type { Visit } from '../../domain/visit.js';
import type { Deps } from '../../ports/deps.js';
import type { CustomerRecord, InboundChange } from '../../ports/store.js';
import { contactWrite, fileWriteOf } from '../file/record-contact.js';
import type { FileWrite } from '../../ports/file-store.js';

// handleInboundSms: a customer's reply becomes a rating on the visit it answers (matched by the
// outbound message id, else by phone to the latest rating request of the last 7 days), an opt-out,
// a help answer, or a record a supervisor can look at. The inboundMessageId makes it exactly once.

type InboundDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>;

export interface InboundResult {
  outcome: InboundRecord['outcome'];
  duplicate: boolean;
  visitId?: string;
}

interface Target {
  customerId: string;
  agentId: string;
  visit?: Visit;
  matchedBy: 'messageId' | 'phone';
  record?: CustomerRecord;
}

/** The visit the reply answers, and its customer, if any can be found. */
async function findTarget({ store, config }: InboundDeps, from: string, previousId: string | null | undefined, now: Date): Promise<Target | undefined> {
  if (previousId) {
    // One query: a sent rating request and its visit share the gateway's message id.
    const { visit } = await store.byProviderId(previousId);
    if (visit && visit.state !== 'cancelled') return { customerId: visit.customerId, agentId: visit.agentId, visit, matchedBy: 'messageId' };
  }
  const since = new Date(now.getTime() - config.replyWindowDays * 86_400_000).toISOString();
  const records = (await Promise.all((await store.customersByPhone(from)).map((c) => store.getCustomerRecord(c.id)))).filter((r): r is CustomerRecord => !!r);
  const awaiting = records
    .flatMap((record) => record.visits.filter((v) => v.ratingRequestId && v.completedAt && v.completedAt >= since).map((visit) => ({ record, visit })))
    .sort((a, b) => Number(a.visit.rating !== undefined) - Number(b.visit.rating !== undefined) || b.visit.completedAt!.localeCompare(a.visit.completedAt!));
  if (awaiting[0]) {
    return {
      customerId: awaiting[0].record.profile.id,
      agentId: awaiting[0].visit.agentId,
      visit: awaiting[0].visit,
      matchedBy: 'phone',
      record: awaiting[0].record,
    };
  }
  const first = records[0];
  return first ? { customerId: first.profile.id, agentId: first.profile.agentId, matchedBy: 'phone', record: first } : undefined;
}

export async function handleInboundSms(deps: InboundDeps, payload: InboundSmsPayload): Promise<InboundResult> {
  const { store, clock, logger } = deps;
  const now = clock.now();
  const at = now.toISOString();
  const from = toE164(payload.originationNumber) ?? payload.originationNumber;
  const parsed = parseReply(payload.messageBody);
  // A comment is the customer's own words, kept to a size that fits any item it lands on.
  const reply = parsed.kind === 'rating' && parsed.comment ? { ...parsed, comment: parsed.comment.slice(0, 500) } : parsed;
  const base: InboundRecord = { id: payload.inboundMessageId, from, body: payload.messageBody.slice(0, 1600), receivedAt: at, outcome: 'unknown' };
  const log = { inboundMessageId: payload.inboundMessageId, from: maskPhone(from), kind: reply.kind };

  const write = async (change: InboundChange): Promise<InboundResult | 'conflict'> => {
    const result = await store.recordInbound(change);
    if (result === 'conflict') return 'conflict';
    const duplicate = result === 'duplicate';
    logger.info(duplicate ? 'inbound sms already recorded' : 'inbound sms recorded', {
      ...log,
      outcome: change.record.outcome,
      visitId: change.record.visitId,
    });
    return { outcome: change.record.outcome, duplicate, ...(change.record.visitId ? { visitId: change.record.visitId } : {}) };
  };

  if (reply.kind === 'optOut' || reply.kind === 'help') {
    const optOut = reply.kind === 'optOut';
    // Every customer on this number: the opt-out (or the question) goes in each one's file.
    const ids = (await store.customersByPhone(from)).map((c) => c.id);
    const known = ids.length ? await store.getCustomerFiles(ids) : new Map();
    const customerFiles = ids.flatMap((id) => fileWriteOf(deps, known.get(id), [optOut ? { kind: 'optOut' } : { kind: 'reply', outcome: 'help' }]) ?? []);
    const result = await write({
      record: { ...base, outcome: reply.kind },
      ...(optOut ? { optOut: { phone: from, at } } : {}),
      ...(customerFiles.length ? { customerFiles } : {}),
      sms: [
        newSms({
          id: `${reply.kind}.${payload.inboundMessageId}`,
          to: from,
          template: optOut ? 'optOutConfirm' : 'help',
          params: {},
          purpose: optOut ? 'optOutConfirm' : 'help',
          now,
        }),
      ],
    });
    return result as InboundResult;
  }

  // A rating can race another reply for the same visit: re-read and try again on a version conflict.
  for (let attempt = 0; attempt < 3; attempt++) {
    const target = await findTarget(deps, from, payload.previousPublishedMessageId, now);
    const lookers = async (): Promise<Pick<InboundRecord, 'supervisorId' | 'deptId' | 'districtId' | 'customerId' | 'agentId'>> => {
      if (!target) return {};
      const agent = (await store.getStaff([target.agentId])).get(target.agentId);
      return {
        customerId: target.customerId,
        agentId: target.agentId,
        ...(agent?.supervisorId ? { supervisorId: agent.supervisorId } : {}),
        ...(agent ? { deptId: agent.deptId, districtId: agent.districtId } : {}),
      };
    };
    const files = async (contact: Parameters<typeof contactWrite>[2][number]): Promise<{ customerFiles?: FileWrite[] }> => {
      if (!target) return {};
      const w = target.record ? fileWriteOf(deps, target.record, [contact]) : await contactWrite(deps, target.customerId, [contact]);
      return w ? { customerFiles: [w] } : {};
    };
    if (reply.kind === 'unknown' || !target?.visit) {
      const result = await write({
        ...(await files({ kind: 'reply', outcome: reply.kind === 'unknown' ? 'unknown' : 'unmatched' })),
        record: {
          ...base,
          outcome: reply.kind === 'unknown' ? 'unknown' : 'unmatched',
          ...(await lookers()),
          ...(target?.visit ? { visitId: target.visit.id } : {}),
          ...(reply.kind === 'rating' ? { rating: reply.rating } : {}),
        },
      });
      return result as InboundResult;
    }

    const { visit, customerId, matchedBy } = target;
    const matched = { customerId, visitId: visit.id, matchedBy, rating: reply.rating, ...(reply.comment ? { comment: reply.comment } : {}) };
    let change: InboundChange;
    if (visit.rating === undefined) {
      change = {
        record: { ...base, ...matched, outcome: 'rating' },
        visit: { ...visit, rating: reply.rating, ...(reply.comment ? { comment: reply.comment } : {}), ratedAt: at, version: visit.version + 1 },
        counters: [{ agentId: visit.agentId, month: localMonth(now), add: { ratingReplies: 1, ratingSum: reply.rating } }],
        ...(await files({ kind: 'rating', visitId: visit.id, rating: reply.rating, ...(reply.comment ? { comment: reply.comment } : {}) })),
      };
    } else if (visit.rating === reply.rating) {
      change = { record: { ...base, ...matched, outcome: 'repeat' } };
    } else {
      // The first rating stands; a different later one is kept beside it for the supervisor to see.
      change = {
        record: { ...base, ...matched, outcome: 'correction' },
        visit: {
          ...visit,
          corrections: [...(visit.corrections ?? []), { rating: reply.rating, ...(reply.comment ? { comment: reply.comment } : {}), at }],
          version: visit.version + 1,
        },
      };
    }
    const result = await write(change);
    if (result !== 'conflict') return result;
  }
  throw new Error(`inbound ${payload.inboundMessageId}: the visit kept changing; retry later`);
}
