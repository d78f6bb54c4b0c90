import { Client as TencentSmsClient } from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_client.js';
import type { SendSmsRequest } from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_models.js';
import { SMS_REQUEST_TIMEOUT_SECONDS } from '../../domain/outbox.js';
import { templateParamList, type SmsTemplate } from '../../domain/sms.js';
import { SmsSendError, type SmsGateway } from '../../ports/sms-gateway.js';
import { meaningOf } from './status-codes.js';

// SmsGateway on Tencent Cloud SMS (official SDK, API 2021-01-11 SendSms): a registered template id
// and the template's parameters in order, the approved signature, one E.164 number per request.
// The SendStatusSet code decides: `Ok` is sent (its SerialNo is what delivery receipts name), a
// blacklisted number is an opt-out, the rest retry or fail as status-codes.ts says.

/** Tencent Cloud API credentials (a CAM key allowed sms:SendSms only). */
export interface TencentCredentials {
  readonly secretId: string;
  readonly secretKey: string;
}

export interface TencentSmsGatewayOptions {
  /** The SMS application (SmsSdkAppId, e.g. 1400006666). */
  readonly sdkAppId: string;
  /** The approved signature's text (SignName, e.g. 平安人寿). */
  readonly signName: string;
  /** The approved template id of each of foster's templates. */
  readonly templates: Readonly<Record<SmsTemplate, string>>;
  /** Read on each request (cached by the caller, e.g. Secrets Manager through Powertools Parameters). */
  readonly credentials: () => Promise<TencentCredentials>;
  /** @default 'ap-guangzhou' */
  readonly region?: string;
  /** Host[:port] of the API. @default 'sms.tencentcloudapi.com' */
  readonly endpoint?: string;
  /** @default 'https://' */
  readonly protocol?: 'https://' | 'http://';
  /** Seconds before a request is aborted. @default SMS_REQUEST_TIMEOUT_SECONDS */
  readonly requestTimeoutSeconds?: number;
  /** A ready client (tests); built from the options otherwise. */
  readonly client?: Pick<TencentSmsClient, 'SendSms'>;
}

/** The SDK's error shape (TencentCloudSDKHttpException): `code` is set when the API answered with an error. */
interface SdkError {
  code?: string;
  httpCode?: number;
  message?: string;
}

/**
 * @example
 * const sms = createTencentSmsGateway({ sdkAppId: '1400006666', signName: '平安人寿', templates, credentials: () => secrets.json(name) });
 */
export function createTencentSmsGateway(options: TencentSmsGatewayOptions): SmsGateway {
  const client =
    options.client ??
    new TencentSmsClient({
      credential: { getCredential: async () => ({ ...(await options.credentials()) }) },
      region: options.region ?? 'ap-guangzhou',
      profile: {
        signMethod: 'TC3-HMAC-SHA256',
        httpProfile: {
          endpoint: options.endpoint ?? 'sms.tencentcloudapi.com',
          protocol: options.protocol ?? 'https://',
          reqMethod: 'POST',
          reqTimeout: options.requestTimeoutSeconds ?? SMS_REQUEST_TIMEOUT_SECONDS,
        },
      },
    });

  return {
    async send(message) {
      if (!message.template) {
        // Queued before templates existed (schema version 1) and not recovered by migration v4.
        throw new SmsSendError(
          'permanent',
          'foster.NoTemplate',
          'a text queued with its body only cannot go through Tencent, which sends registered templates only',
        );
      }
      const templateId = options.templates[message.template];
      if (!templateId) throw new SmsSendError('permanent', 'foster.TemplateNotConfigured', `no Tencent template id configured for ${message.template}`);
      const request: SendSmsRequest = {
        SmsSdkAppId: options.sdkAppId,
        SignName: options.signName,
        TemplateId: templateId,
        TemplateParamSet: templateParamList(message.template, message.params ?? {}),
        PhoneNumberSet: [message.to],
        SessionContext: message.id,
      };
      let response;
      try {
        response = await client.SendSms(request);
      } catch (error) {
        const { code, httpCode } = error as SdkError;
        // No code: the request never got an API answer (network, timeout, HTTP error): retry.
        const name = code ?? (httpCode ? `HTTP${httpCode}` : 'NetworkError');
        const meaning = meaningOf(name);
        throw new SmsSendError(meaning.kind, name, `Tencent SendSms failed: ${name}`, { cause: error, retryNextDay: meaning.nextDay ?? false });
      }
      const status = response.SendStatusSet?.[0];
      if (status?.Code === 'Ok' && status.SerialNo) return { providerMessageId: status.SerialNo };
      const code = status?.Code ?? 'foster.NoSendStatus';
      const meaning = meaningOf(code);
      throw new SmsSendError(meaning.kind, code, `Tencent refused the text: ${code} ${status?.Message ?? ''}`.trim(), {
        retryNextDay: meaning.nextDay ?? false,
      });
    },
  };
}
