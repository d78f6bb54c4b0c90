import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { DEFAULT_SMS_TEXT, renderSms, type SmsTextConfig } from '../../domain/sms.js';
import { SmsSendError, type SendFailureKind, type SmsGateway } from '../../ports/sms-gateway.js';

// SmsGateway on SNS: one Publish to a phone number per message, Transactional (delivery over
// price), with the configured sender id. The returned MessageId is what a customer's reply
// names as `previousPublishedMessageId`, so the outbox stores it. Publish errors are classified
// for the outbox: throttling and service errors retry, a bad number fails, an opted-out one too.

/** Publish errors by name: anything else (network, timeout, unknown) is retried. */
const SNS_ERRORS: Readonly<Record<string, SendFailureKind>> = {
  ThrottledException: 'retry',
  KMSThrottlingException: 'retry',
  InternalErrorException: 'retry',
  InvalidParameterException: 'permanent',
  InvalidParameterValueException: 'permanent',
  ValidationException: 'permanent',
  OptedOutException: 'optedOut',
};

export interface SnsSmsGatewayOptions {
  readonly client: SNSClient;
  /** Alphanumeric sender id where the destination supports it. @default none */
  readonly senderId?: string;
  /** The origination (long code / 10DLC / short code) two-way replies come back to. @default none */
  readonly originationNumber?: string;
  /** Company, app and service line the texts name. @default DEFAULT_SMS_TEXT */
  readonly texts?: SmsTextConfig;
}

export function createSnsSmsGateway({ client, senderId, originationNumber, texts = DEFAULT_SMS_TEXT }: SnsSmsGatewayOptions): SmsGateway {
  return {
    async send(message) {
      const { to } = message;
      const body = renderSms(message, texts);
      const attributes: NonNullable<ConstructorParameters<typeof PublishCommand>[0]['MessageAttributes']> = {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      };
      if (senderId) attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: senderId };
      if (originationNumber) attributes['AWS.MM.SMS.OriginationNumber'] = { DataType: 'String', StringValue: originationNumber };
      let out;
      try {
        out = await client.send(new PublishCommand({ PhoneNumber: to, Message: body, MessageAttributes: attributes }));
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        throw new SmsSendError(SNS_ERRORS[name] ?? 'retry', name, `SNS Publish failed: ${name}`, { cause: error });
      }
      if (!out.MessageId) throw new Error('SNS Publish returned no MessageId');
      return { providerMessageId: out.MessageId };
    },
  };
}
