import * as z from '../../lib/domain/zod.js';
import { createSecretReader } from '../../lib/adapters/secrets.js';
import { createTencentSmsGateway, type TencentCredentials } from '../../lib/adapters/tencent/sms-gateway.js';
import { SmsTemplate } from '../../lib/domain/sms.js';
import type { SmsGateway } from '../../lib/ports/sms-gateway.js';
import { tencentSmsEnv } from '../env.js';

const TencentTemplates = z.record(SmsTemplate, z.string().check(z.minLength(1)));

/**
 * Texts through Tencent Cloud SMS (the outbox function of a `sms.provider: tencent` deployment):
 * registered templates of the deployment's application and signature; the API key comes from
 * Secrets Manager (cached), never from the environment.
 */
export function tencentSmsFromEnv(env: NodeJS.ProcessEnv): SmsGateway {
  const e = tencentSmsEnv().parse(env);
  const missing = (['TENCENT_SMS_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATES', 'TENCENT_CREDENTIALS_SECRET'] as const).filter((k) => !e[k]);
  if (missing.length) throw new Error(`SMS_PROVIDER=tencent needs ${missing.join(', ')}`);
  const secretName = e.TENCENT_CREDENTIALS_SECRET!;
  const secrets = createSecretReader();
  return createTencentSmsGateway({
    sdkAppId: e.TENCENT_SMS_APP_ID!,
    signName: e.TENCENT_SMS_SIGN_NAME!,
    templates: TencentTemplates.parse(JSON.parse(e.TENCENT_SMS_TEMPLATES!)),
    ...(e.TENCENT_SMS_REGION ? { region: e.TENCENT_SMS_REGION } : {}),
    credentials: () => secrets.json<TencentCredentials>(secretName),
  });
}
