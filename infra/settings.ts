import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from '../lib/domain/zod.js';
import type { FosterStacksProps } from './foster.js';
import { PROJECT_ROOT } from './function-settings.js';
import type { SmsProviderSettings } from './stateless-stack.js';

// A deployment's settings, in one JSON file (foster.settings.json at the repository root, or the
// file `cdk ... -c settings=FILE` names; foster.settings.example.json shows every field): the business settings every function reads, who gets the alarms,
// the SMS number and spend limit, the SMS provider, the staff e-mail sender. `cdk synth` without the file builds the
// defaults (a simulator number, nobody on call) and says so.

const SmsNumber = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulator') }),
  z.object({ kind: z.literal('request'), isoCountryCode: z.string().check(z.regex(/^[A-Z]{2}$/)), numberType: z.enum(['LONG_CODE', 'TOLL_FREE', 'TEN_DLC']) }),
  z.object({
    kind: z.literal('existing'),
    phoneNumber: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be E.164')),
    phoneNumberId: z.string().check(z.minLength(1)),
  }),
  z.object({ kind: z.literal('none') }),
]);

export const DeploymentSettings = z.strictObject({
  /** Business settings (lib/config.ts), checked by the stateless stack; the defaults there apply to what is left out. */
  config: z.optional(z.record(z.string(), z.unknown())),
  onCall: z.optional(z.strictObject({ emails: z.optional(z.array(z.email())), httpsEndpoint: z.optional(z.url({ protocol: /^https$/ })) })),
  smsNumber: z.optional(SmsNumber),
  smsKeywordReplies: z.optional(
    z.object({ help: z.string().check(z.minLength(1), z.maxLength(160)), stop: z.string().check(z.minLength(1), z.maxLength(160)) }),
  ),
  smsSpendLimitUsd: z.optional(z.int().check(z.gte(1))),
  smsSenderId: z.optional(z.string()),
  /** Which provider sends the texts, one per deployment (the stateless stack checks the Tencent settings). @default { provider: 'sns' } */
  sms: z.optional(
    z.strictObject({
      provider: z.enum(['sns', 'tencent']),
      tencent: z.optional(
        z.strictObject({
          sdkAppId: z.string().check(z.minLength(1)),
          signName: z.string().check(z.minLength(1)),
          templates: z.record(z.string(), z.string().check(z.minLength(1))),
          credentialsSecretName: z.string().check(z.minLength(1)),
          region: z.optional(z.string().check(z.minLength(1))),
        }),
      ),
    }),
  ),
  emailSender: z.optional(
    z.strictObject({
      fromEmail: z.email(),
      fromName: z.optional(z.string()),
      replyTo: z.optional(z.email()),
      sesRegion: z.string().check(z.minLength(1)),
      sesVerifiedDomain: z.optional(z.string()),
    }),
  ),
  logLevel: z.optional(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR'])),
  /** Stack name prefix: two deployments in one account take two prefixes. @default 'Foster' */
  prefix: z.optional(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,30}$/))),
});
export type DeploymentSettings = z.infer<typeof DeploymentSettings>;

/** Reads the settings file; none is the defaults. A bad file fails synth naming the field. */
export function loadDeploymentSettings(file = resolve(PROJECT_ROOT, 'foster.settings.json')): DeploymentSettings {
  if (!existsSync(file)) return {};
  const parsed = DeploymentSettings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The stacks' props a deployment's settings call for. */
export function stacksProps(settings: DeploymentSettings): FosterStacksProps {
  const { config, onCall, smsNumber, smsKeywordReplies, smsSpendLimitUsd, smsSenderId, sms, emailSender, logLevel, prefix } = settings;
  return {
    ...(prefix ? { prefix } : {}),
    stateful: {
      ...(smsNumber ? { smsNumber } : {}),
      ...(smsKeywordReplies ? { smsKeywordReplies } : {}),
      ...(emailSender ? { emailSender } : {}),
      ...(logLevel ? { logLevel } : {}),
    },
    stateless: {
      ...(config ? { config } : {}),
      ...(onCall ? { onCall } : {}),
      ...(smsSpendLimitUsd ? { smsSpendLimitUsd } : {}),
      ...(smsSenderId ? { smsSenderId } : {}),
      ...(sms ? { sms: sms as SmsProviderSettings } : {}),
      ...(logLevel ? { logLevel } : {}),
    },
  };
}
