import * as z from 'zod';
import { DEFAULT_SMS_TEXT } from './domain/sms.js';

// Business settings the source process leaves open (cap 3 or 6, deadline, reminder offsets),
// with the defaults the issues chose. Composition roots build it from the environment; tests and
// the local runtime pass overrides.

export const Config = z.object({
  /** Orphans one agent may receive per calendar month. @default 6 (the source says 3 on one page, 6 on another) */
  monthlyCap: z.coerce.number().int().min(1).max(1000).default(6),
  /** Days a supervisor has to propose before an assignment is overdue. @default 5 */
  deadlineDays: z.coerce.number().int().min(1).max(60).default(5),
  /** SMS go out from this hour (Asia/Shanghai); earlier ones wait. @default 8 */
  smsFromHour: z.coerce.number().int().min(0).max(23).default(8),
  /** ...until this hour; later ones wait for the next morning. @default 21 */
  smsUntilHour: z.coerce.number().int().min(1).max(24).default(21),
  /** Hour of the visit reminder on the due day. @default 9 */
  reminderHour: z.coerce.number().int().min(0).max(23).default(9),
  /** Days after the due date for the second reminder if the visit is still open. @default 3 */
  lateReminderDays: z.coerce.number().int().min(1).max(30).default(3),
  /** Days within which to retry after a refusal. @default 5 */
  retryDays: z.coerce.number().int().min(1).max(30).default(5),
  /** Days a phone-matched reply may look back for a rating request. @default 7 */
  replyWindowDays: z.coerce.number().int().min(1).max(60).default(7),
  companyName: z.string().min(1).default(DEFAULT_SMS_TEXT.companyName),
  agentApp: z.string().min(1).default(DEFAULT_SMS_TEXT.agentApp),
  serviceLine: z.string().min(1).default(DEFAULT_SMS_TEXT.serviceLine),
});
export type Config = z.infer<typeof Config>;

/** Defaults, with any overrides applied. */
export function createConfig(overrides: Partial<z.input<typeof Config>> = {}): Config {
  return Config.parse(overrides);
}
