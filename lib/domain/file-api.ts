import * as z from './zod.js';
import { EXPERIENCES } from './experience.js';
import { HISTORY_KINDS } from './history.js';
import { Id } from './ids.js';
import { Phone } from './phone.js';
import { QUADRANTS } from './quadrant.js';

// Request and response schemas of the customer-file routes (issue 12), for the route table, the
// OpenAPI document and the use cases that parse with them.

/** `POST /customers/{id}/referrals`: an existing customer, or a new prospect. */
export const ReferralInput = z.union([
  z.strictObject({ customerId: Id }),
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    phone: Phone,
    region: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  }),
]);

export const ReferralsQuery = z.object({ depth: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(5)), 3) });

export const Created = z.object({ id: z.string() });

const Mark = z.enum(['basic', 'none', 'caseByCase', 'strategic']);

export const ExperienceMatrixResponse = z.object({
  experiences: z.array(z.object({ id: z.enum(EXPERIENCES), cost: z.string(), name: z.string(), examples: z.string() })),
  marks: z.array(Mark),
  quadrants: z.array(z.object({ quadrant: z.enum(QUADRANTS), strategy: z.string(), marks: z.record(z.string(), Mark) })),
});

export const HistoryPageResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      kind: z.enum(HISTORY_KINDS),
      by: z.string(),
      summary: z.string(),
      data: z.optional(z.record(z.string(), z.unknown())),
    }),
  ),
  next: z.optional(z.string()),
});

export interface ReferralNode {
  id: string;
  name?: string;
  referred: ReferralNode[];
}
const ReferralNodeSchema: z.ZodMiniType<ReferralNode> = z.lazy(() =>
  z.object({ id: z.string(), name: z.optional(z.string()), referred: z.array(ReferralNodeSchema) }),
);

export const ReferralsResponse = z.object({
  id: z.string(),
  depth: z.number(),
  referredBy: z.optional(z.object({ id: z.string(), name: z.optional(z.string()) })),
  referred: z.array(ReferralNodeSchema),
});

export const AssessmentResponse = z.object({
  segment: z.object({ quadrant: z.enum(QUADRANTS), ability: z.string(), willingness: z.string(), reason: z.string(), since: z.string() }),
});

export const ExperienceGivenResponse = z.object({ id: z.string(), experience: z.enum(EXPERIENCES), at: z.string() });
