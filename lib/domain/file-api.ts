import { z } from 'zod';
import { EXPERIENCES } from './experience.js';
import { HISTORY_KINDS } from './history.js';
import { Id } from './ids.js';
import { Phone } from './phone.js';
import { QUADRANTS } from './quadrant.js';

// Request and response schemas of the customer-file routes (issue 12), for the route table, the
// OpenAPI document and the use cases that parse with them.

/** `POST /customers/{id}/referrals`: an existing customer, or a new prospect. */
export const ReferralInput = z.union([
  z.object({ customerId: Id }).strict(),
  z
    .object({
      name: z.string().trim().min(1).max(100),
      phone: Phone,
      region: z.string().trim().min(1).max(100).optional(),
    })
    .strict(),
]);

export const ReferralsQuery = z.object({ depth: z.coerce.number().int().min(1).max(5).default(3) });

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
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  next: z.string().optional(),
});

export interface ReferralNode {
  id: string;
  name?: string;
  referred: ReferralNode[];
}
const ReferralNodeSchema: z.ZodType<ReferralNode> = z.lazy(() =>
  z.object({ id: z.string(), name: z.string().optional(), referred: z.array(ReferralNodeSchema) }),
);

export const ReferralsResponse = z.object({
  id: z.string(),
  depth: z.number(),
  referredBy: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  referred: z.array(ReferralNodeSchema),
});

export const AssessmentResponse = z.object({
  segment: z.object({ quadrant: z.enum(QUADRANTS), ability: z.string(), willingness: z.string(), reason: z.string(), since: z.string() }),
});

export const ExperienceGivenResponse = z.object({ id: z.string(), experience: z.enum(EXPERIENCES), at: z.string() });
