import * as z from './zod.js';
import type { Quadrant } from './quadrant.js';

// The experience matrix of the method (seed 001, 客户体验) as data: six experiences by cost and, for
// each quadrant, whether the group gets it as basic, none, case by case or strategic. The source's
// table lost its symbols; the marks below are derived from the prose of each quadrant, with the
// reasoning beside each row. Next actions for a customer are read from here.

export const EXPERIENCES = ['routine', 'regularVisit', 'generalEvent', 'premiumEvent', 'lifeService', 'bespoke'] as const;
export const Experience = z.enum(EXPERIENCES);
export type Experience = z.infer<typeof Experience>;

export type Cost = 'veryLow' | 'low' | 'medium' | 'high' | 'veryHigh' | 'extremelyHigh';

/** 应当体验 basic, 不予体验 none, 酌情体验 caseByCase, 策略体验 strategic. */
export type Mark = 'basic' | 'none' | 'caseByCase' | 'strategic';

export interface ExperienceSpec {
  readonly cost: Cost;
  readonly name: string;
  readonly examples: string;
}

export const EXPERIENCE_SPECS: Readonly<Record<Experience, ExperienceSpec>> = {
  routine: { cost: 'veryLow', name: '常规服务 routine service', examples: 'SMS, phone, e-mail, letters, parcels, chat apps' },
  regularVisit: {
    cost: 'low',
    name: '定期拜访 regular visits',
    examples: 'gifts, congratulations, meals, delivering material; tailored visits such as an expert consultation',
  },
  generalEvent: { cost: 'medium', name: '一般活动 general events', examples: 'customer gatherings, product talks, lectures, training, shows, free trials' },
  premiumEvent: { cost: 'high', name: '高级活动 premium events', examples: 'club events, jewellery viewing, group travel, auctions, charity events' },
  lifeService: { cost: 'veryHigh', name: '生活服务 life services', examples: 'purchasing, pet care, decoration, travel arrangements' },
  bespoke: { cost: 'extremelyHigh', name: '量身定制 bespoke services', examples: 'birthday parties, family affairs, estate planning, business advice' },
};

/** What each quadrant is for, in the method's words. */
export const QUADRANT_STRATEGY: Readonly<Record<Quadrant, string>> = {
  develop: 'low investment, keep in touch for the long term, raise willingness',
  maintain: 'low-cost upkeep, ask for referrals',
  cultivate: 'invest, frequent contact, many kinds of experience',
  pamper: 'every experience, avoid any dissatisfaction',
};

/**
 * The matrix. Reasoning, row by row:
 * - develop (low ability, low willingness: "low investment, long-term contact"): routine service is
 *   the strategic one, the cheap and lasting contact that raises willingness; a visit or a general
 *   event only case by case (when a signal says the customer is warming); nothing costly (premium
 *   events, life services, bespoke) since neither the means nor the relationship is there.
 * - maintain (low ability, high willingness: "low-cost upkeep, ask for referrals"): routine service
 *   and regular visits are basic upkeep; general events are strategic, because a warm customer
 *   brings friends to a gathering or a talk, which is where referrals come from; costly experiences
 *   are none (the low cost is the point).
 * - cultivate (high ability, low willingness: "invest, frequent contact, many kinds of experience"):
 *   regular visits are strategic (the source names tailored visits such as an expert consultation
 *   for exactly this group); routine service and general events are basic (frequent contact, many
 *   kinds); premium events and life services case by case (investing, but the relationship is not
 *   yet close); bespoke none (too personal for a distant relationship).
 * - pamper (high ability, high willingness: "every experience, avoid any dissatisfaction"): every
 *   experience at least basic; premium events and bespoke services are strategic, the ones only
 *   this group gets and the ones that keep them from being dissatisfied.
 */
export const EXPERIENCE_MATRIX: Readonly<Record<Quadrant, Readonly<Record<Experience, Mark>>>> = {
  develop: { routine: 'strategic', regularVisit: 'caseByCase', generalEvent: 'caseByCase', premiumEvent: 'none', lifeService: 'none', bespoke: 'none' },
  maintain: { routine: 'basic', regularVisit: 'basic', generalEvent: 'strategic', premiumEvent: 'none', lifeService: 'none', bespoke: 'none' },
  cultivate: {
    routine: 'basic',
    regularVisit: 'strategic',
    generalEvent: 'basic',
    premiumEvent: 'caseByCase',
    lifeService: 'caseByCase',
    bespoke: 'none',
  },
  pamper: { routine: 'basic', regularVisit: 'basic', generalEvent: 'basic', premiumEvent: 'strategic', lifeService: 'basic', bespoke: 'strategic' },
};

const MARK_RANK: Readonly<Record<Mark, number>> = { strategic: 0, basic: 1, caseByCase: 2, none: 3 };

const MARK_WHY: Readonly<Record<Exclude<Mark, 'none'>, string>> = {
  strategic: 'strategic: the experience that matters most for this group',
  basic: 'basic: every customer of this group should get it',
  caseByCase: 'case by case: for a single customer, now and then',
};

/** `GET /experiences`: the matrix with costs and reasoning. */
export function experienceMatrix() {
  return {
    experiences: EXPERIENCES.map((id) => ({ id, ...EXPERIENCE_SPECS[id] })),
    marks: ['basic', 'none', 'caseByCase', 'strategic'] as Mark[],
    quadrants: (Object.keys(EXPERIENCE_MATRIX) as Quadrant[]).map((quadrant) => ({
      quadrant,
      strategy: QUADRANT_STRATEGY[quadrant],
      marks: EXPERIENCE_MATRIX[quadrant],
    })),
  };
}

/**
 * What to do next for a customer of `quadrant`: every experience the group gets, strategic first,
 * then basic, then case by case; within a mark, the cheaper first for the low-ability groups (their
 * point is low cost) and the richer first for the high-ability ones (their point is investment).
 */
export function nextActions(quadrant: Quadrant): { experience: Experience; mark: Mark; why: string }[] {
  const richFirst = quadrant === 'cultivate' || quadrant === 'pamper';
  return EXPERIENCES.filter((e) => EXPERIENCE_MATRIX[quadrant][e] !== 'none')
    .map((experience, order) => ({ experience, mark: EXPERIENCE_MATRIX[quadrant][experience], order }))
    .sort((a, b) => MARK_RANK[a.mark] - MARK_RANK[b.mark] || (richFirst ? b.order - a.order : a.order - b.order))
    .map(({ experience, mark }) => ({
      experience,
      mark,
      why: `${quadrant} (${QUADRANT_STRATEGY[quadrant]}): ${MARK_WHY[mark as Exclude<Mark, 'none'>]}`,
    }));
}

/** `POST /customers/{id}/experiences`. */
export const ExperienceInput = z.object({ experience: Experience, note: z.optional(z.string().check(z.trim(), z.maxLength(1000))) });
