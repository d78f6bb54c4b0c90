import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { FosterStacksProps } from './foster.js';
import { PROJECT_ROOT } from './function-settings.js';
import type { SmsProviderSettings } from './stateless-stack.js';

// A deployment's settings, in one JSON file (foster.settings.json at the repository root, or the
// file `cdk ... -c settings=FILE` names; foster.settings.example.json shows every field): the business settings every function reads, who gets the alarms,
// the SMS number and spend limit, the SMS provider, the staff e-mail sender. `cdk synth` without the file builds the
// defaults (a simulator number, nobody on call) and says so.

const SmsNumber = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulator') }),
  z.object({ kind: z.literal('request'), isoCountryCode: z.string().regex(/^[A-Z]{2}$/), numberType: z.enum(['LONG_CODE', 'TOLL_FREE', 'TEN_DLC']) }),
  z.object({ kind: z.literal('existing'), phoneNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164'), phoneNumberId: z.string().min(1) }),
  z.object({ kind: z.literal('none') }),
]);

export const DeploymentSettings = z
  .object({
    /** Business settings (lib/config.ts), checked by the stateless stack; the defaults there apply to what is left out. */
    config: z.record(z.string(), z.unknown()).optional(),
    onCall: z
      .object({ emails: z.array(z.email()).optional(), httpsEndpoint: z.url({ protocol: /^https$/ }).optional() })
      .strict()
      .optional(),
    smsNumber: SmsNumber.optional(),
    smsKeywordReplies: z.object({ help: z.string().min(1).max(160), stop: z.string().min(1).max(160) }).optional(),
    smsSpendLimitUsd: z.number().int().min(1).optional(),
    smsSenderId: z.string().optional(),
    /** Which provider sends the texts, one per deployment (the stateless stack checks the Tencent settings). @default { provider: 'sns' } */
    sms: z
      .object({
        provider: z.enum(['sns', 'tencent']),
        tencent: z
          .object({
            sdkAppId: z.string().min(1),
            signName: z.string().min(1),
            templates: z.record(z.string(), z.string().min(1)),
            credentialsSecretName: z.string().min(1),
            region: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    emailSender: z
      .object({
        fromEmail: z.email(),
        fromName: z.string().optional(),
        replyTo: z.email().optional(),
        sesRegion: z.string().min(1),
        sesVerifiedDomain: z.string().optional(),
      })
      .strict()
      .optional(),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).optional(),
    /** Stack name prefix: two deployments in one account take two prefixes. @default 'Foster' */
    prefix: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,30}$/)
      .optional(),
  })
  .strict();
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
