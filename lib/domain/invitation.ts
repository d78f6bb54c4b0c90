import * as z from './zod.js';

// What the source process says an agent invites a customer with, and does at a visit, as data:
// per visit a recommended invitation reason and the alternates to try after a refusal (首次约访:
// basic policy service, then newsletter, company event, gift card; 二次: newsletter, then needs
// analysis, company event; 三次: health test, then newsletter, company event), and the services a
// completed visit may report. Labels are the Chinese words the agent app and the texts show.

/** Why the agent calls: the keys an attempt may carry as `reason`. */
export const INVITATION_REASONS = ['policyService', 'newsletter', 'companyEvent', 'giftCard', 'needsAnalysis', 'healthTest'] as const;
export const InvitationReason = z.enum(INVITATION_REASONS, { error: `must be one of ${INVITATION_REASONS.join(', ')}` });
export type InvitationReason = z.infer<typeof InvitationReason>;

export const INVITATION_REASON_LABELS: Readonly<Record<InvitationReason, string>> = {
  policyService: '基础保单服务',
  newsletter: '递送客服报',
  companyEvent: '公司活动邀请',
  giftCard: '赠送保险卡',
  needsAnalysis: '保险需求分析',
  healthTest: '健康检测（健康伴你行）',
};

/** Per visit: the recommended reason first, then the alternates in the order to try them. */
export const INVITATION_PLAN: Readonly<Record<1 | 2 | 3, { recommended: InvitationReason; alternates: readonly InvitationReason[] }>> = {
  1: { recommended: 'policyService', alternates: ['newsletter', 'companyEvent', 'giftCard'] },
  2: { recommended: 'newsletter', alternates: ['needsAnalysis', 'companyEvent'] },
  3: { recommended: 'healthTest', alternates: ['newsletter', 'companyEvent'] },
};

/** What an open visit shows the agent: the reason to call with now, the ones still to try, their labels. */
export interface InvitationSuggestion {
  reason: InvitationReason;
  alternates: InvitationReason[];
  /** Chinese label of `reason` and of every alternate. */
  labels: Partial<Record<InvitationReason, string>>;
}

/**
 * The reason to invite with next: the first of the visit's reasons (recommended, then alternates)
 * not yet refused. Once every one was refused, the agent starts over with the recommended one.
 *
 * @example
 * suggestInvitation(1, [{ outcome: 'refused', reason: 'policyService' }]).reason // 'newsletter'
 */
export function suggestInvitation(number: 1 | 2 | 3, attempts: readonly { outcome: string; reason?: string }[]): InvitationSuggestion {
  const plan = INVITATION_PLAN[number];
  const order = [plan.recommended, ...plan.alternates];
  const refused = new Set(attempts.filter((a) => a.outcome === 'refused' && a.reason).map((a) => a.reason));
  const untried = order.filter((r) => !refused.has(r));
  const [reason, ...alternates] = untried.length ? untried : order;
  const labels: Partial<Record<InvitationReason, string>> = {};
  for (const r of [reason!, ...alternates]) labels[r] = INVITATION_REASON_LABELS[r];
  return { reason: reason!, alternates, labels };
}

/** What a completed visit may report as done (`POST /visits/{id}/completion` `services`). */
export const VISIT_SERVICES = [
  'recommendationLetter',
  'detailsCheck',
  'policyService',
  'healthCareCard',
  'questionSelling',
  'newsletter',
  'needsAnalysis',
  'productRecommendation',
  'cardProduct',
  'healthTest',
  'healthReport',
  'proposal',
  'companyEvent',
  'giftCard',
] as const;
export const VisitService = z.enum(VISIT_SERVICES, { error: `must be one of the known services: ${VISIT_SERVICES.join(', ')}` });
export type VisitService = z.infer<typeof VisitService>;

export const VISIT_SERVICE_LABELS: Readonly<Record<VisitService, string>> = {
  recommendationLetter: '递送增值服务业务员推荐函',
  detailsCheck: '核对客户资料',
  policyService: '基础保单服务',
  healthCareCard: '赠送健康关爱卡',
  questionSelling: '问题式销售',
  newsletter: '递送并讲解客服报',
  needsAnalysis: '保险需求分析',
  productRecommendation: '推荐组合产品',
  cardProduct: '推荐卡式产品（家庭保障卡、少儿保障卡）',
  healthTest: '健康检测（健康伴你行）',
  healthReport: '解读健康检测报告',
  proposal: '量身定制建议书',
  companyEvent: '公司活动',
  giftCard: '赠送保险卡',
};
