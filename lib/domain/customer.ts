import * as z from './zod.js';
import { Id, InputDate } from './ids.js';
import { Phone } from './phone.js';
import { Level, quadrantOf, type Quadrant } from './quadrant.js';

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
  policies: z.array(Policy).check(z.maxLength(200)),
});
export type CustomerInput = z.input<typeof CustomerInput>;
export type CustomerProfile = z.infer<typeof CustomerInput>;

/** Up to 1,000 customers a call. */
export const CustomerBatch = z.array(CustomerInput).check(z.minLength(1), z.maxLength(1000));

/** What foster itself keeps on a customer. */
export interface CustomerFile {
  customerId: string;
  /** `maintenance` once visit 3 ended without a sale. */
  status: 'active' | 'maintenance';
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
