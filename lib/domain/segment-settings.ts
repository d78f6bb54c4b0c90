import * as z from './zod.js';

// The settings of segmentation and care that are objects rather than numbers: the weight of each
// relationship signal and the routine care cadence of each quadrant. In a Lambda's environment
// each is one JSON string (WILLINGNESS_WEIGHTS, CARE_CADENCE); keys left out keep their default.

const fromJson = (v: unknown) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v; // the object schema then says what is wrong
  }
};

const weight = (value: number) => z._default(z.coerce.number().check(z.gte(-100), z.lte(100)), value);

/**
 * What each relationship signal adds to the willingness score while it is in the window. Opt-out is
 * no weight: it forces willingness low. A sale counts as harvest: the relationship carried a purchase.
 */
export const WillingnessWeights = z._default(
  z.pipe(
    z.transform(fromJson),
    z.object({
      /** An invitation accepted on the phone. */
      accepted: weight(1),
      /** An invitation refused. */
      refused: weight(-1),
      /** A visit done. */
      visitDone: weight(2),
      /** A rating reply, by its level 1-5. */
      rating1: weight(-2),
      rating2: weight(-1),
      rating3: weight(0),
      rating4: weight(1),
      rating5: weight(2),
      /** Any other reply the customer sent us (a question, a comment), opt-outs excepted. */
      reply: weight(1),
      /** A referral the customer gave. */
      referral: weight(3),
      /** A sale at a visit (harvest). */
      sale: weight(3),
    }),
  ),
  {
    accepted: 1,
    refused: -1,
    visitDone: 2,
    rating1: -2,
    rating2: -1,
    rating3: 0,
    rating4: 1,
    rating5: 2,
    reply: 1,
    referral: 3,
    sale: 3,
  },
);
export type WillingnessWeights = z.infer<typeof WillingnessWeights>;

/** Routine care SMS a week: 1, 1.5 (two every other week) or 2. */
const PerWeek = z.coerce.number().check(z.refine((n) => n === 1 || n === 1.5 || n === 2, 'must be 1, 1.5 or 2'));

/**
 * Routine care SMS a week, by quadrant. The defaults read the method: develop and maintain are
 * low-cost upkeep (1.5 a week, the least that still gives 6 a month), cultivate and pamper get
 * frequent contact (2 a week, the method's upper bound).
 */
export const CareCadence = z._default(
  z.pipe(
    z.transform(fromJson),
    z.object({
      develop: z._default(PerWeek, 1.5),
      maintain: z._default(PerWeek, 1.5),
      cultivate: z._default(PerWeek, 2),
      pamper: z._default(PerWeek, 2),
    }),
  ),
  { develop: 1.5, maintain: 1.5, cultivate: 2, pamper: 2 },
);
export type CareCadence = z.infer<typeof CareCadence>;
