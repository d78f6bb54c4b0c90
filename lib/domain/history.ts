import * as z from './zod.js';

// The customer's history: one item per contact or change, never an array on the customer, so a
// file kept for ten years stays far under DynamoDB's item limit and its hot reads never see it.

export const HISTORY_KINDS = [
  'fileOpened',
  'agentChange',
  'attempt',
  'visitDone',
  'visitUnreachable',
  'sale',
  'rating',
  'reply',
  'optOut',
  'experience',
  'referral',
  'referredBy',
  'assessment',
  'careSms',
  'farm',
  'quadrant',
  'upload',
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export interface HistoryEntry {
  id: string;
  customerId: string;
  at: string;
  kind: HistoryKind;
  /** Staff id, `upload:<source>`, `customer` (a reply) or `foster` (a rule). */
  by: string;
  /** One line in words. */
  summary: string;
  /** The facts, by kind: before/after/reason of a quadrant change, the visit, the SMS id... */
  data?: Record<string, unknown>;
}

/**
 * A new entry; `id` is unique among the customer's entries at the same instant, and `seq` orders
 * entries written together (a visit, then the quadrant change it caused).
 */
export function historyEntry(
  customerId: string,
  at: string,
  kind: HistoryKind,
  by: string,
  summary: string,
  data?: Record<string, unknown>,
  seq = 0,
): HistoryEntry {
  const id = `${String(seq).padStart(2, '0')}-${kind}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
  return { id, customerId, at, kind, by, summary, ...(data ? { data } : {}) };
}

export const HistoryQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  next: z.optional(z.string().check(z.maxLength(1000))),
});
