import { Annotations, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnPhoneNumber } from 'aws-cdk-lib/aws-smsvoice';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

// The number texts go out from and customers reply to (AWS End User Messaging SMS), with its
// two-way channel pointed at the inbound topic: that is what closes the SMS loop with the SNS
// provider. A deployment owns a number the stack requests (retained with the data), or names one
// it already has (the stack outputs the one command that points its replies at the topic). The
// default, so that a fresh clone synthesises and deploys, is a simulator number: it reaches only
// End User Messaging's simulator destinations, and synth says so.

/** Where texts come from. */
export type SmsNumberSettings =
  /** An origination simulator number (US), for trying the loop; no real phone receives its texts. */
  | { readonly kind: 'simulator' }
  /** A number the stack requests and keeps (retained, deletion-protected). */
  | { readonly kind: 'request'; readonly isoCountryCode: string; readonly numberType: 'LONG_CODE' | 'TOLL_FREE' | 'TEN_DLC' }
  /** A number the account already has: its E.164 form and its id (`phone-...`) or ARN. */
  | { readonly kind: 'existing'; readonly phoneNumber: string; readonly phoneNumberId: string }
  /** No AWS number: the Tencent Cloud provider's callback routes carry replies. */
  | { readonly kind: 'none' };

/** The replies End User Messaging sends for the mandatory keywords. */
export interface SmsKeywordReplies {
  readonly help: string;
  readonly stop: string;
}

export const DEFAULT_KEYWORD_REPLIES: SmsKeywordReplies = {
  help: 'foster service texts: reply 1-5 to rate a visit. Reply STOP to opt out.',
  stop: 'You will receive no more texts from foster. Reply START to opt in again.',
};

const E164 = /^\+[1-9]\d{6,14}$/;

/** Adds the number (or the command for an existing one); returns the origination number texts go out from. */
export function addSmsNumber(scope: Construct, settings: SmsNumberSettings, inboundTopic: ITopic, replies: SmsKeywordReplies): string | undefined {
  const stack = Stack.of(scope);
  if (settings.kind === 'none') return undefined;
  if (settings.kind === 'existing') {
    if (!E164.test(settings.phoneNumber))
      throw new Error(`StatefulStack: smsNumber.phoneNumber must be E.164, e.g. +12065550100 (got "${settings.phoneNumber}")`);
    new CfnOutput(stack, 'SmsTwoWayCommand', {
      description: "Points the existing number's replies at the inbound topic (run once)",
      value: `aws pinpoint-sms-voice-v2 update-phone-number --phone-number-id ${settings.phoneNumberId} --two-way-enabled --two-way-channel-arn ${inboundTopic.topicArn}`,
    });
    return settings.phoneNumber;
  }
  const simulator = settings.kind === 'simulator';
  const number = new CfnPhoneNumber(scope, 'SmsNumber', {
    isoCountryCode: simulator ? 'US' : settings.isoCountryCode,
    numberType: simulator ? 'SIMULATOR' : settings.numberType,
    numberCapabilities: ['SMS'],
    mandatoryKeywords: { help: { message: replies.help }, stop: { message: replies.stop } },
    twoWay: { enabled: true, channelArn: inboundTopic.topicArn },
    deletionProtectionEnabled: !simulator,
  });
  // Customers reply to this number: it is kept even when the stack goes.
  number.applyRemovalPolicy(RemovalPolicy.RETAIN);
  if (simulator) {
    Annotations.of(stack).addWarningV2(
      'foster:sms-simulator-number',
      'texts go out from an End User Messaging simulator number, which reaches simulator destinations only: production needs its own number (StatefulStackProps.smsNumber, README "Deploying")',
    );
  }
  new CfnOutput(stack, 'SmsOriginationNumber', { value: number.attrPhoneNumber });
  new CfnOutput(stack, 'SmsPhoneNumberId', { value: number.attrPhoneNumberId });
  return number.attrPhoneNumber;
}
