import * as z from './zod.js';
import { Id, InputDate } from './ids.js';
import { Phone } from './phone.js';
import { Level, quadrantOf, type Quadrant } from './quadrant.js';
import { Source, type FileExtras } from './customer-file.js';

// The customer file as the core policy system sends it (`PUT /admin/customers`), and the part
// foster keeps itself (status, ratings): two items, so an upsert from the core system never erases
// what foster learned.

export const Policy = z.object({
  id: Id,
  product: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  kind: z.string().check(z.trim(), z.minLength(1), z.maxLength(32)),
  annualPremium: z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v)),
    z.number().check(z.nonnegative(), z.lte(100_000_000)),
  ),
  issuedOn: InputDate,
  /** The next renewal or premium due date, when the core system knows it (a care reminder). */
  premiumDueOn: z.optional(InputDate),
});
export type Policy = z.infer<typeof Policy>;

export const CustomerInput = z.object({
  id: Id,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  phone: Phone,
  region: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  agentId: Id,
  birthDate: z.optional(InputDate),
  ability: z.optional(Level),
  willingness: z.optional(Level),
  /** How the customer was acquired (the method's hunt channels). */
  source: z.optional(Source),
  /** Routine care SMS for a customer who never was an orphan. */
  care: z.optional(z.boolean()),
  policies: z.array(Policy).check(z.maxLength(200)),
});
export type CustomerInput = z.input<typeof CustomerInput>;
export type CustomerProfile = z.infer<typeof CustomerInput>;

/** Up to 1,000 customers a call. */
export const CustomerBatch = z.array(CustomerInput).check(z.minLength(1), z.maxLength(1000));

/** Why the visit programme ended: visit 3 ended (done or unreachable), or visit 2 sold and visit 3 was not needed. */
export type ProgrammeEndReason = 'visit3Ended' | 'soldAtVisit2';

/** What foster itself keeps on a customer; the method's part is in customer-file.ts. */
export interface CustomerFile extends FileExtras {
  customerId: string;
  /** `maintenance` (日常关系维护) once the visit programme ended (`programmeEndedAt`). */
  status: 'active' | 'maintenance';
  /**
   * Set when the visit programme ends, by either path: visit 3 ended, or a sale at visit 2. The one
   * flag later stages (care cadence) start from; cleared when a new agent's programme is approved.
   */
  programmeEndedAt?: string;
  programmeEndReason?: ProgrammeEndReason;
  /**
   * The customer's current agent: the one the last upload named, or the one the customer was last
   * approved to, whichever came later (the quadrant counters count files by it). `agentSince` only
   * with an approval: a policy issued under that agent on or after that day counts as issued.
   */
  agentId?: string;
  agentSince?: string;
  ratings: number;
  ratingSum: number;
  lastRating?: number;
  lastRatedAt?: string;
  updatedAt: string;
}

/** The customer as `GET /customers/{id}` shows it. */
export type Customer = CustomerProfile & { quadrant: Quadrant | null };

export function withQuadrant(profile: CustomerProfile): Customer {
  return { ...profile, quadrant: quadrantOf(profile.ability, profile.willingness) };
}
