import * as z from './zod.js';

// Four segments by ability (liquid assets) and willingness (closeness of the relationship):
// develop = low/low, maintain = low ability + high willingness,
// cultivate = high ability + low willingness, pamper = high/high.

export const Level = z.enum(['high', 'low']);
export type Level = z.infer<typeof Level>;

export const QUADRANTS = ['develop', 'maintain', 'cultivate', 'pamper'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** The quadrant, or null while either axis is unknown (a guess would send the wrong experiences). */
export function quadrantOf(ability: Level | undefined, willingness: Level | undefined): Quadrant | null {
  if (!ability || !willingness) return null;
  if (ability === 'high') return willingness === 'high' ? 'pamper' : 'cultivate';
  return willingness === 'high' ? 'maintain' : 'develop';
}
