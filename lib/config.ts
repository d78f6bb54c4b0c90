import * as z from './domain/zod.js';
import { DEFAULT_SMS_TEXT } from './domain/sms.js';
import { CareCadence, WillingnessWeights } from './domain/segment-settings.js';

// Business settings the source process leaves open (cap 3 or 6, deadline, reminder offsets),
// with the defaults the issues chose. Composition roots build it from the environment; tests and
// the local runtime pass overrides.

/** A comma-separated list of policy kinds (an environment variable) or a list, as lower-case kinds. */
function policyKinds(defaults: string) {
  return z.pipe(
    z._default(z.union([z.string(), z.array(z.string())]), defaults),
    z.transform((v: string | string[]) => (Array.isArray(v) ? v : v.split(',')).map((k) => k.trim().toLowerCase()).filter(Boolean)),
  );
}

export const Config = z
  .object({
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
    /**
     * Days after the approval day within which the agent should make the first invitation call
     * (一五天, read as 1-5 days). Visit 1 without any attempt by the end of that day gets its agent one
     * reminder; the managers' `lateInvitations` counts the same customers. @default 5
     */
    firstInvitationDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(14)), 5),
    /** Policy kinds (comma-separated, case-insensitive) counted as issued life products (承保). @default 'life,health,annuity' */
    lifePolicyKinds: policyKinds('life,health,annuity'),
    /** Policy kinds counted as issued card products. @default 'card' */
    cardPolicyKinds: policyKinds('card'),
    /** Days a phone-matched reply may look back for a rating request. @default 7 */
    replyWindowDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(60)), 7),
    /**
     * Departures of at least this many orphans answer 202 with a job id and run in the background
     * (`GET /admin/jobs/{id}`), so the request stays within API Gateway's 30 s. @default 1000 (the minimum)
     */
    asyncDepartureThreshold: z._default(z.coerce.number().check(z.int(), z.gte(1000), z.lte(1_000_000)), 1000),
    /** Tries in all before a text that keeps failing is marked failed and leaves the queue. @default 5 */
    smsMaxAttempts: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 5),
    /** Seconds to wait after a text's first failed try; doubled after each further one (at most 6 hours). @default 60 */
    smsRetryBaseSeconds: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(86_400)), 60),
    /** Days after approval with no invitation attempt at which a customer counts as `neverContacted` (an alert). @default 10 */
    neverContactedDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(60)), 10),
    companyName: z._default(z.string().check(z.minLength(1)), DEFAULT_SMS_TEXT.companyName),
    agentApp: z._default(z.string().check(z.minLength(1)), DEFAULT_SMS_TEXT.agentApp),
    serviceLine: z._default(z.string().check(z.minLength(1)), DEFAULT_SMS_TEXT.serviceLine),

    // The customer file (issue 12): segmentation and care cadence; see lib/domain/segment.ts and care.ts.
    /** Total annual premium (CNY) from which a customer without an assessment counts as high ability. @default 10000 */
    abilityPremiumThreshold: z._default(z.coerce.number().check(z.nonnegative(), z.lte(100_000_000)), 10_000),
    /** Days a relationship signal counts towards willingness. @default 90 */
    willingnessWindowDays: z._default(z.coerce.number().check(z.int(), z.gte(7), z.lte(3650)), 90),
    /** Willingness score (sum of the weights of the signals in the window) from which willingness is high. @default 3 */
    willingnessHighScore: z._default(z.coerce.number().check(z.gte(1), z.lte(1000)), 3),
    /** Weight of each relationship signal (JSON in the environment). @default see segment-settings.ts */
    willingnessWeights: WillingnessWeights,
    /** Routine care SMS per week by quadrant, 1, 1.5 or 2 (JSON in the environment). @default develop 1.5, maintain 1.5, cultivate 2, pamper 2 */
    careCadence: CareCadence,
    /** Hard cap of care SMS per calendar week (Monday to Sunday, Asia/Shanghai). @default 2 */
    careWeeklyCap: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(7)), 2),
    /** Care SMS a farmed customer must get in every full calendar month; the cadences must guarantee it. @default 6 */
    careMonthlyFloor: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(31)), 6),
    /** Hour (Asia/Shanghai) the day's care SMS are planned and start going out. @default 10 */
    careHour: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(23)), 10),
  })
  .check(
    z.superRefine((c, ctx) => {
      // Four of each weekday fall in every month, so a cadence of n a week guarantees 4n a month.
      for (const [quadrant, perWeek] of Object.entries(c.careCadence)) {
        if (Math.ceil(perWeek) > c.careWeeklyCap)
          ctx.addIssue({ code: 'custom', path: ['careCadence', quadrant], message: `${perWeek} a week is over the weekly cap ${c.careWeeklyCap}` });
        if (4 * perWeek < c.careMonthlyFloor)
          ctx.addIssue({
            code: 'custom',
            path: ['careCadence', quadrant],
            message: `${perWeek} a week cannot guarantee the monthly floor of ${c.careMonthlyFloor}`,
          });
      }
    }),
  );
export type Config = z.infer<typeof Config>;

/** Defaults, with any overrides applied. */
export function createConfig(overrides: Partial<z.input<typeof Config>> = {}): Config {
  return Config.parse(overrides);
}
