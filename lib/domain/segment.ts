import * as z from './zod.js';
import { Level, quadrantOf, type Quadrant } from './quadrant.js';
import type { WillingnessWeights } from './segment-settings.js';

// Segmentation with evidence: ability and willingness, each high or low, from what the file knows.
// Main course: ability from the latest assessment (an agent's liquid-asset judgement, or an upload's
// value) unless newer evidence contradicts it, else total annual premium against a threshold;
// willingness likewise from an assessment, else the weighted relationship signals of the window;
// an opt-out forces willingness low. The reason is written in words for the file and its history.
//
// When newer evidence contradicts a manual assessment (the rule, also in the README):
// - willingness: the signals dated after the assessment, scored alone with the same weights, reach
//   the threshold on the other side: a score of at least +willingnessHighScore contradicts "low",
//   at most -willingnessHighScore contradicts "high". An opt-out after it contradicts "high" (and
//   an opt-out forces low in any case). No contact at all contradicts nothing.
// - ability: policies issued after the assessment day whose annual premiums alone reach the
//   premium threshold contradict "low". Nothing contradicts "high": a small premium says nothing
//   about liquid assets; only a newer assessment replaces it.
// A contradicted assessment is dropped from the file (the history says so), so it cannot come back
// when the contradicting evidence later leaves the window. A newer assessment of an axis replaces
// the older one.

export const SIGNAL_KINDS = ['accepted', 'refused', 'visitDone', 'rating', 'reply', 'referral', 'sale'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** One relationship signal: what happened and when; `value` is a rating's level. */
export interface Signal {
  at: string;
  kind: SignalKind;
  value?: number;
}

/** A judgement of one axis by a person (an agent, a manager) or by an upload's source. */
export const AssessmentInput = z
  .object({
    ability: z.optional(Level),
    willingness: z.optional(Level),
    evidence: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
  })
  .check(z.refine((a) => a.ability !== undefined || a.willingness !== undefined, { message: 'give ability, willingness or both', path: ['ability'] }));

export interface Assessment {
  level: Level;
  at: string;
  /** A staff id, or `upload:<source>` for a value that came with the data. */
  by: string;
  evidence: string;
}

export type Axis = 'ability' | 'willingness';

/** What segmentation needs from the settings (lib/config.ts). */
export interface SegmentSettings {
  abilityPremiumThreshold: number;
  willingnessWindowDays: number;
  willingnessHighScore: number;
  willingnessWeights: WillingnessWeights;
}

export interface SegmentInput {
  policies: readonly { annualPremium: number; issuedOn: string }[];
  /** Signals still in the window. */
  signals: readonly Signal[];
  assessments: { ability?: Assessment; willingness?: Assessment };
  optedOutAt?: string;
}

export interface Evaluation {
  quadrant: Quadrant;
  ability: Level;
  willingness: Level;
  abilityBasis: 'assessment' | 'premium';
  willingnessBasis: 'assessment' | 'signals' | 'optOut';
  reason: string;
  /** Assessments newer evidence contradicted: to be dropped from the file. */
  contradicted: Axis[];
}

/** The weight one signal adds to the willingness score. */
export function weightOf(signal: Signal, weights: WillingnessWeights): number {
  if (signal.kind === 'rating') return weights[`rating${Math.min(5, Math.max(1, signal.value ?? 3)) as 1 | 2 | 3 | 4 | 5}`];
  return weights[signal.kind];
}

export function scoreOf(signals: readonly Signal[], weights: WillingnessWeights): number {
  return signals.reduce((sum, s) => sum + weightOf(s, weights), 0);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The signals in words: "2 visits done and rating 5". */
export function describeSignals(signals: readonly Signal[]): string {
  const count = (kind: SignalKind) => signals.filter((s) => s.kind === kind).length;
  const ratings = signals.filter((s) => s.kind === 'rating').map((s) => s.value);
  const parts = [
    count('visitDone') ? plural(count('visitDone'), 'visit done', 'visits done') : '',
    count('sale') ? `${plural(count('sale'), 'sale', 'sales')} (harvest)` : '',
    ratings.length ? `${ratings.length === 1 ? 'rating' : 'ratings'} ${ratings.join(', ')}` : '',
    count('accepted') ? plural(count('accepted'), 'invitation accepted', 'invitations accepted') : '',
    count('refused') ? plural(count('refused'), 'invitation refused', 'invitations refused') : '',
    count('reply') ? plural(count('reply'), 'reply', 'replies') : '',
    count('referral') ? plural(count('referral'), 'referral given', 'referrals given') : '',
  ].filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const day = (instant: string) => instant.slice(0, 10);
const money = (n: number) => Math.round(n).toLocaleString('en-US');
const who = (by: string) => (by.startsWith('upload:') ? `the upload (${by.slice(7)})` : by);
const assessed = (axis: Axis, a: Assessment) => `${axis} ${a.level}: assessed by ${who(a.by)} on ${day(a.at)} (${a.evidence})`;

/** Whether evidence newer than the assessment contradicts it (see the module comment). */
export function contradicts(axis: Axis, a: Assessment, input: SegmentInput, s: SegmentSettings): boolean {
  if (axis === 'ability') {
    if (a.level === 'high') return false;
    const newer = input.policies.filter((p) => p.issuedOn > day(a.at)).reduce((sum, p) => sum + p.annualPremium, 0);
    return newer >= s.abilityPremiumThreshold;
  }
  if (a.level === 'high' && input.optedOutAt && input.optedOutAt > a.at) return true;
  const after = scoreOf(
    input.signals.filter((x) => x.at > a.at),
    s.willingnessWeights,
  );
  return a.level === 'low' ? after >= s.willingnessHighScore : after <= -s.willingnessHighScore;
}

/** Both axes, the quadrant and the reason in words. Pure: the same input gives the same answer. */
export function evaluateSegment(input: SegmentInput, s: SegmentSettings): Evaluation {
  const contradicted: Axis[] = [];
  const notes: string[] = [];
  const standing = (axis: Axis): Assessment | undefined => {
    const a = input.assessments[axis];
    if (!a) return undefined;
    if (!contradicts(axis, a, input, s)) return a;
    contradicted.push(axis);
    notes.push(`the ${axis} assessment "${a.level}" of ${day(a.at)} by ${who(a.by)} was contradicted by newer evidence`);
    return undefined;
  };

  let ability: Level;
  let abilityBasis: Evaluation['abilityBasis'];
  let abilityReason: string;
  const abilityAssessment = standing('ability');
  if (abilityAssessment) {
    ability = abilityAssessment.level;
    abilityBasis = 'assessment';
    abilityReason = assessed('ability', abilityAssessment);
  } else {
    const premium = input.policies.reduce((sum, p) => sum + p.annualPremium, 0);
    ability = premium >= s.abilityPremiumThreshold ? 'high' : 'low';
    abilityBasis = 'premium';
    abilityReason = `ability ${ability}: total annual premium ${money(premium)} ${ability === 'high' ? 'reaches' : 'under'} ${money(s.abilityPremiumThreshold)}`;
  }

  let willingness: Level;
  let willingnessBasis: Evaluation['willingnessBasis'];
  let willingnessReason: string;
  const willingnessAssessment = standing('willingness');
  if (input.optedOutAt) {
    willingness = 'low';
    willingnessBasis = 'optOut';
    willingnessReason = `willingness low: opted out of texts on ${day(input.optedOutAt)}`;
  } else if (willingnessAssessment) {
    willingness = willingnessAssessment.level;
    willingnessBasis = 'assessment';
    willingnessReason = assessed('willingness', willingnessAssessment);
  } else {
    const score = scoreOf(input.signals, s.willingnessWeights);
    willingness = score >= s.willingnessHighScore ? 'high' : 'low';
    willingnessBasis = 'signals';
    const what = describeSignals(input.signals);
    willingnessReason = what
      ? `willingness ${willingness}: ${what} in the last ${s.willingnessWindowDays} days (score ${score}, high from ${s.willingnessHighScore})`
      : `willingness low: no relationship signals in the last ${s.willingnessWindowDays} days`;
  }

  return {
    quadrant: quadrantOf(ability, willingness)!,
    ability,
    willingness,
    abilityBasis,
    willingnessBasis,
    reason: [willingnessReason, abilityReason, ...notes].join('; '),
    contradicted,
  };
}
