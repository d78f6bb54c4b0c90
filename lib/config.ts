import * as z from './domain/zod.js';
import { DEFAULT_SMS_TEXT } from './domain/sms.js';

// Business settings the source process leaves open (cap 3 or 6, deadline, reminder offsets),
// with the defaults the issues chose. Composition roots build it from the environment; tests and
// the local runtime pass overrides.

export const Config = z.object({
  /** Orphans one agent may receive per calendar month. @default 6 (the source says 3 on one page, 6 on another) */
  monthlyCap: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 6),
  /** Days a supervisor has to propose before an assignment is overdue. @default 5 */
  deadlineDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(60)), 5),
  /** SMS go out from this hour (Asia/Shanghai); earlier ones wait. @default 8 */
  smsFromHour: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(23)), 8),
  /** ...until this hour; later ones wait for the next morning. @default 21 */
  smsUntilHour: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(24)), 21),
  /** Hour of the visit reminder on the due day. @default 9 */
  reminderHour: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(23)), 9),
  /** Days after the due date for the second reminder if the visit is still open. @default 3 */
  lateReminderDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(30)), 3),
  /** Days within which to retry after a refusal. @default 5 */
  retryDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(30)), 5),
  /** Days a phone-matched reply may look back for a rating request. @default 7 */
  replyWindowDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(60)), 7),
  companyName: z._default(z.string().check(z.minLength(1)), DEFAULT_SMS_TEXT.companyName),
  agentApp: z._default(z.string().check(z.minLength(1)), DEFAULT_SMS_TEXT.agentApp),
  serviceLine: z._default(z.string().check(z.minLength(1)), DEFAULT_SMS_TEXT.serviceLine),
});
export type Config = z.infer<typeof Config>;

/** Defaults, with any overrides applied. */
export function createConfig(overrides: Partial<z.input<typeof Config>> = {}): Config {
  return Config.parse(overrides);
}
