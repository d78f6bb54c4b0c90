import { describe, expect, it } from 'vitest';
import { assignmentId, parseAssignmentId, parseVisitId, visitId } from '../../lib/domain/ids.js';
import { maskPhone, toE164 } from '../../lib/domain/phone.js';
import { quadrantOf } from '../../lib/domain/quadrant.js';
import { scheduleName } from '../../lib/domain/schedule-names.js';
import { DEFAULT_SMS_TEXT, renderSms, SMS_TEMPLATES, SmsTemplate, templateParamList } from '../../lib/domain/sms.js';
import { redactPhones } from '../../lib/adapters/logger.js';
import { formatPath } from '../../lib/domain/validation.js';

describe('ids', () => {
  it('round-trips assignment and visit ids', () => {
    const a = assignmentId('C000001', 'S0045');
    expect(parseAssignmentId(a)).toEqual({ customerId: 'C000001', departedAgentId: 'S0045' });
    expect(parseVisitId(visitId(a, 2))).toEqual({ assignmentId: a, customerId: 'C000001', number: 2 });
  });

  it('returns undefined for ids that are not of their kind', () => {
    expect(parseAssignmentId('C000001')).toBeUndefined();
    expect(parseVisitId('C1~S1~4')).toBeUndefined();
    expect(parseVisitId('C1~S1')).toBeUndefined();
    expect(parseAssignmentId('C 1~S1')).toBeUndefined();
  });
});

describe('phones', () => {
  it('returns E.164 for the ways people type a Chinese mobile number', () => {
    expect(toE164('13800138000')).toBe('+8613800138000');
    expect(toE164('138 0013 8000')).toBe('+8613800138000');
    expect(toE164('+86 138-0013-8000')).toBe('+8613800138000');
  });

  it('returns undefined for landlines and garbage', () => {
    expect(toE164('12345')).toBeUndefined();
    expect(toE164('010 6552 9988')).toBeUndefined();
    expect(toE164('abc')).toBeUndefined();
  });

  it('masks all but the last four digits', () => {
    expect(maskPhone('+8613800138000')).toBe('+86****8000');
  });

  it('redacts every phone-shaped run in a log string and leaves short numbers', () => {
    expect(redactPhones('sent to +8613800138000 and 13900001111, 5 items, order 2026-11-23')).toBe(
      'sent to +86****8000 and ****1111, 5 items, order 2026-11-23',
    );
  });
});

describe('quadrantOf', () => {
  it.each([
    ['low', 'low', 'develop'],
    ['low', 'high', 'maintain'],
    ['high', 'low', 'cultivate'],
    ['high', 'high', 'pamper'],
  ] as const)('returns the quadrant for ability %s and willingness %s', (ability, willingness, quadrant) => {
    expect(quadrantOf(ability, willingness)).toBe(quadrant);
  });

  it('returns null while an axis is unknown', () => {
    expect(quadrantOf('high', undefined)).toBeNull();
  });
});

describe('scheduleName', () => {
  it('returns a name EventBridge accepts, the same for the same parts', () => {
    const name = scheduleName('due', 'S0045', 'C000001~S0001~1');
    expect(name).toBe('due.S0045.C000001.S0001.1');
    expect(scheduleName('due', 'x'.repeat(80))).toMatch(/^[0-9A-Za-z_.-]{64}$/);
    expect(scheduleName('due', 'x'.repeat(80))).toBe(scheduleName('due', 'x'.repeat(80)));
    expect(scheduleName('due', 'x'.repeat(80))).not.toBe(scheduleName('due', `${'x'.repeat(79)}y`));
  });
});

describe('renderSms', () => {
  it('returns the source process’s customer and agent texts word for word', () => {
    expect(renderSms({ template: 'agentChange', params: { customerName: '王芳' } }, DEFAULT_SMS_TEXT)).toBe(
      '尊敬的王芳，您好！感谢您对平安的支持，为提升服务质量，我司将安排一名优秀代理人为您提供保单增值服务。',
    );
    expect(renderSms({ template: 'assignedCount', params: { month: '11', count: '3' } }, DEFAULT_SMS_TEXT)).toBe(
      '11月公司为您分配3名孤儿单客户，并已发送短信通知客户您将为其提供增值服务，请及时登陆E行销查看并进行邀约拜访。',
    );
  });

  it('returns the stored text of a message queued before templates existed', () => {
    expect(renderSms({ body: '旧短信' }, DEFAULT_SMS_TEXT)).toBe('旧短信');
  });

  it('uses every declared parameter of every template, and no other', () => {
    for (const template of SmsTemplate.options) {
      const spec = SMS_TEMPLATES[template];
      const params = Object.fromEntries(spec.params.map((name, i) => [name, `«${i}»`]));
      const text = renderSms({ template, params }, DEFAULT_SMS_TEXT);
      spec.params.forEach((_name, i) => expect(text, template).toContain(`«${i}»`));
      expect(text, template).not.toContain('undefined');
      expect(templateParamList(template, params)).toEqual(spec.params.map((_n, i) => `«${i}»`));
    }
  });
});

describe('formatPath', () => {
  it('returns JSON-like paths', () => {
    expect(formatPath([3, 'policies', 0, 'issuedOn'])).toBe('[3].policies[0].issuedOn');
    expect(formatPath(['ids', 2])).toBe('ids[2]');
  });
});

describe('StaffInput and CustomerInput', () => {
  it('accept what HR and policy exports commonly send: empty supervisor, instants for dates, premiums as strings', async () => {
    const { StaffInput } = await import('../../lib/domain/staff.js');
    const { CustomerInput } = await import('../../lib/domain/customer.js');

    const staff = StaffInput.parse({
      id: 'S1',
      name: '王',
      phone: '13800138000',
      role: 'supervisor',
      kind: 'formal',
      supervisorId: '',
      deptId: 'D',
      districtId: 'X',
      region: 'R',
      joinedOn: '2020-01-02T00:00:00Z',
    });
    const customer = CustomerInput.parse({
      id: 'C1',
      name: '李',
      phone: '+86 139 0000 0001',
      region: 'R',
      agentId: 'S1',
      policies: [{ id: 'P1', product: '平安福', kind: 'life', annualPremium: '3000', issuedOn: '2026-01-15' }],
    });

    expect(staff).toMatchObject({ supervisorId: null, joinedOn: '2020-01-02', phone: '+8613800138000', status: 'active' });
    expect(customer.policies[0]).toMatchObject({ annualPremium: 3000 });
  });

  it('refuses an impossible date and a negative premium', async () => {
    const { CustomerInput } = await import('../../lib/domain/customer.js');
    const base = { id: 'C1', name: '李', phone: '13900000001', region: 'R', agentId: 'S1' };

    expect(CustomerInput.safeParse({ ...base, policies: [{ id: 'P1', product: 'x', kind: 'life', annualPremium: 1, issuedOn: '2026-02-30' }] }).success).toBe(
      false,
    );
    expect(CustomerInput.safeParse({ ...base, policies: [{ id: 'P1', product: 'x', kind: 'life', annualPremium: -1, issuedOn: '2026-02-03' }] }).success).toBe(
      false,
    );
  });
});
