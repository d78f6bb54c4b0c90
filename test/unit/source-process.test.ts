import { describe, expect, it } from 'vitest';
import { createConfig } from '../../lib/config.js';
import { INVITATION_PLAN, INVITATION_REASON_LABELS, INVITATION_REASONS, suggestInvitation, VISIT_SERVICES, VisitService } from '../../lib/domain/invitation.js';
import { issuedUnderAgent, productLine } from '../../lib/domain/issued.js';
import { renderSms, SMS_TEMPLATES, templateParamList } from '../../lib/domain/sms.js';
import { AttemptInput, VisitCompletion } from '../../lib/domain/visit.js';
import { depsFromEnv } from '../../functions/env.js';

describe('suggestInvitation', () => {
  it('returns the recommended reason and every alternate of each visit before any refusal', () => {
    expect(suggestInvitation(1, [])).toMatchObject({ reason: 'policyService', alternates: ['newsletter', 'companyEvent', 'giftCard'] });
    expect(suggestInvitation(2, [])).toMatchObject({ reason: 'newsletter', alternates: ['needsAnalysis', 'companyEvent'] });
    expect(suggestInvitation(3, [])).toMatchObject({ reason: 'healthTest', alternates: ['newsletter', 'companyEvent'] });
  });

  it('moves to the next reason not yet refused, ignoring attempts that were not refusals', () => {
    const attempts = [
      { outcome: 'refused', reason: 'newsletter' },
      { outcome: 'noAnswer', reason: 'needsAnalysis' },
    ];

    expect(suggestInvitation(2, attempts)).toEqual({
      reason: 'needsAnalysis',
      alternates: ['companyEvent'],
      labels: { needsAnalysis: '保险需求分析', companyEvent: '公司活动邀请' },
    });
  });

  it('starts over with the recommended reason once every reason was refused', () => {
    const all = ['healthTest', 'newsletter', 'companyEvent'].map((reason) => ({ outcome: 'refused', reason }));

    expect(suggestInvitation(3, all)).toMatchObject({ reason: 'healthTest', alternates: ['newsletter', 'companyEvent'] });
  });

  it('labels every reason of every visit in Chinese', () => {
    for (const plan of Object.values(INVITATION_PLAN)) {
      for (const reason of [plan.recommended, ...plan.alternates]) expect(INVITATION_REASON_LABELS[reason]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(Object.keys(INVITATION_REASON_LABELS).sort()).toEqual([...INVITATION_REASONS].sort());
  });
});

describe('visit request schemas', () => {
  it('accepts an attempt without a reason and refuses an unknown one', () => {
    expect(AttemptInput.safeParse({ outcome: 'refused' }).success).toBe(true);
    expect(AttemptInput.safeParse({ outcome: 'refused', reason: 'giftCard' }).success).toBe(true);
    expect(AttemptInput.safeParse({ outcome: 'refused', reason: 'gift card' }).success).toBe(false);
  });

  it('accepts the services the source process names and refuses others at their index', () => {
    const named = [
      'recommendationLetter',
      'policyService',
      'healthCareCard',
      'needsAnalysis',
      'newsletter',
      'productRecommendation',
      'cardProduct',
      'healthTest',
      'proposal',
    ];
    for (const s of named) expect(VISIT_SERVICES).toContain(s);

    const result = VisitCompletion.safeParse({ services: ['newsletter', 'karaoke'], sold: 'none' });

    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['services', 1]);
    expect(VisitService.safeParse('healthTest').success).toBe(true);
  });
});

describe('productLine / issuedUnderAgent', () => {
  const defaults = createConfig();

  it('maps life, health and annuity to life and card to card by default, whatever the case', () => {
    expect(['life', 'Health', ' annuity ', 'card', 'accident'].map((k) => productLine(k, defaults))).toEqual(['life', 'life', 'life', 'card', undefined]);
  });

  it('reads the mapping from comma-separated settings', () => {
    const config = createConfig({ lifePolicyKinds: 'life, whole-life', cardPolicyKinds: 'card,accident' });

    expect(['whole-life', 'health', 'accident'].map((k) => productLine(k, config))).toEqual(['life', undefined, 'card']);
  });

  it('counts a policy issued on the approval day (Asia/Shanghai) or later, not before', () => {
    const approvedAt = '2026-11-22T17:00:00.000Z'; // 2026-11-23 01:00 in Shanghai

    expect(issuedUnderAgent('2026-11-23', approvedAt)).toBe(true);
    expect(issuedUnderAgent('2026-11-22', approvedAt)).toBe(false);
  });
});

describe('settings from the environment', () => {
  it('reads FIRST_INVITATION_DAYS and the policy kind lists', () => {
    const deps = depsFromEnv({
      TABLE_NAME: 't',
      SCHEDULE_GROUP: 'g',
      SCHEDULED_TARGET_ARN: 'arn:a',
      SCHEDULER_ROLE_ARN: 'arn:r',
      SCHEDULER_DLQ_ARN: 'arn:q',
      FIRST_INVITATION_DAYS: '4',
      LIFE_POLICY_KINDS: 'life,annuity',
      CARD_POLICY_KINDS: 'card',
    });

    expect(deps.config).toMatchObject({ firstInvitationDays: 4, lifePolicyKinds: ['life', 'annuity'], cardPolicyKinds: ['card'] });
    expect(createConfig().firstInvitationDays).toBe(5);
  });
});

describe('new SMS templates', () => {
  it('render every parameter they declare, in order, with no placeholder left', () => {
    for (const key of ['assignmentPrompt', 'overdueDistrict', 'retryReminderReason', 'firstInvitationLate'] as const) {
      const params = Object.fromEntries(SMS_TEMPLATES[key].params.map((p, i) => [p, `<${i}>`]));
      const text = renderSms({ template: key, params }, createConfig());

      expect(templateParamList(key, params)).toEqual(SMS_TEMPLATES[key].params.map((_p, i) => `<${i}>`));
      for (const value of Object.values(params)) expect(text).toContain(value);
      expect(text).not.toContain('undefined');
    }
  });
});
