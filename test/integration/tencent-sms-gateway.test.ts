import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTencentSmsGateway } from '../../lib/adapters/tencent/sms-gateway.js';
import { SMS_TEMPLATES, type SmsTemplate } from '../../lib/domain/sms.js';
import { SmsSendError } from '../../lib/ports/sms-gateway.js';
import { errorAnswer, sendSmsAnswer, startFakeTencent, tc3SignatureValid, type FakeTencent } from '../support/tencent-server.js';

// The Tencent Cloud SMS gateway on the official SDK, against a local server answering like
// Tencent's API: the request it sends (action, version, template id, parameters, E.164 number,
// signature, TC3 Authorization) and what each SendStatusSet code becomes.

const KEY = { secretId: 'AKIDfostertest', secretKey: 'fostertestsecret' };
const TEMPLATES = Object.fromEntries(Object.keys(SMS_TEMPLATES).map((t, i) => [t, String(100_000 + i)])) as Record<SmsTemplate, string>;

describe('createTencentSmsGateway (real SDK, local Tencent-shaped API)', () => {
  let tencent: FakeTencent;
  let credentialReads = 0;
  const gateway = (options: { requestTimeoutSeconds?: number } = {}) =>
    createTencentSmsGateway({
      sdkAppId: '1400006666',
      signName: '平安人寿',
      templates: TEMPLATES,
      credentials: async () => (credentialReads++, KEY),
      endpoint: tencent.endpoint,
      protocol: 'http://',
      ...options,
    });
  const rating = { id: 'rating.C1~A0~1', to: '+8613900000001', template: 'ratingRequest' as const, params: { customerName: '张三', agentName: '李四' } };

  beforeEach(async () => {
    tencent = await startFakeTencent();
    credentialReads = 0;
  });
  afterEach(() => tencent.close());

  it('sends SendSms 2021-01-11 with the template id, the ordered parameters, the E.164 number, the signature and a valid TC3 signature', async () => {
    const sent = await gateway().send(rating);

    expect(tencent.calls).toHaveLength(1);
    const [call] = tencent.calls;
    expect(call!.headers['x-tc-action']).toBe('SendSms');
    expect(call!.headers['x-tc-version']).toBe('2021-01-11');
    expect(call!.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(call!.body).toEqual({
      SmsSdkAppId: '1400006666',
      SignName: '平安人寿',
      TemplateId: TEMPLATES.ratingRequest,
      TemplateParamSet: ['张三', '李四'],
      PhoneNumberSet: ['+8613900000001'],
      SessionContext: 'rating.C1~A0~1',
    });
    expect(call!.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDfostertest\//);
    expect(tc3SignatureValid(call!, KEY.secretKey)).toBe(true);
    expect(tc3SignatureValid(call!, 'another-secret')).toBe(false);
    expect(sent.providerMessageId).toMatch(/^2645:/);
    expect(credentialReads).toBe(1);
  });

  it('sends a template without parameters with an empty parameter list', async () => {
    await gateway().send({ id: 'help.1', to: '+8613900000001', template: 'help', params: {} });

    expect(tencent.calls[0]!.body).toMatchObject({ TemplateId: TEMPLATES.help, TemplateParamSet: [] });
  });

  const failures: [string, string, 'retry' | 'permanent' | 'optedOut', boolean][] = [
    ['a blacklisted number (the customer unsubscribed at Tencent)', 'FailedOperation.PhoneNumberInBlacklist', 'optedOut', false],
    ['an invalid number', 'InvalidParameterValue.IncorrectPhoneNumber', 'permanent', false],
    ['an unsupported region', 'UnsupportedOperation.UnsuportedRegion', 'permanent', false],
    ['a number over its daily limit', 'LimitExceeded.PhoneNumberDailyLimit', 'retry', true],
    ['the application over its daily limit', 'LimitExceeded.AppDailyLimit', 'retry', true],
    ['the 30-second rate limit', 'LimitExceeded.PhoneNumberThirtySecondLimit', 'retry', false],
    ['a frequency limit', 'LimitExceeded.DeliveryFrequencyLimit', 'retry', false],
    ['a Tencent timeout', 'InternalError.Timeout', 'retry', false],
    ['an exhausted SMS package', 'FailedOperation.InsufficientBalanceInSmsPackage', 'retry', false],
    ['a code foster does not know', 'FailedOperation.SomethingNew', 'retry', false],
  ];
  for (const [what, code, kind, nextDay] of failures) {
    it(`classifies ${what} (${code}) as ${kind}${nextDay ? ' the next day' : ''}`, async () => {
      tencent.answer = (call) => ({ json: sendSmsAnswer(call, code) });

      const error = await gateway()
        .send(rating)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SmsSendError);
      expect(error).toMatchObject({ kind, code, retryNextDay: nextDay });
    });
  }

  it('retries when the API refuses the request itself (rate limited), with its code', async () => {
    tencent.answer = () => ({ json: errorAnswer('RequestLimitExceeded', 'too many requests') });

    const error = await gateway()
      .send(rating)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'retry', code: 'RequestLimitExceeded' });
  });

  it('retries an HTTP 502 from the API', async () => {
    tencent.answer = () => ({ status: 502, json: {} });

    const error = await gateway()
      .send(rating)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'retry', code: 'HTTP502' });
  });

  it('aborts a request that hangs past the request timeout and classifies it as retry', async () => {
    tencent.answer = () => 'hang';

    const error = await gateway({ requestTimeoutSeconds: 0.3 })
      .send(rating)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'retry', code: 'NetworkError' });
    expect(tencent.calls).toHaveLength(1);
  });

  it('fails a text queued with its body only, without calling Tencent', async () => {
    const error = await gateway()
      .send({ id: 'legacy', to: '+8613900000001', body: '旧短信' })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'permanent', code: 'foster.NoTemplate' });
    expect(tencent.calls).toHaveLength(0);
  });
});
