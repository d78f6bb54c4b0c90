import type { SendFailureKind } from '../../ports/sms-gateway.js';

// What each Tencent Cloud SMS code (SendStatusSet[].Code, or Response.Error.Code) means for the
// outbox, from the API 2021-01-11 error code list. Codes not listed retry, bounded by the outbox's
// number of tries: a code Tencent adds later never drops a text unseen.

export interface CodeMeaning {
  readonly kind: SendFailureKind;
  /** A daily limit: wait for the next day's sending window. */
  readonly nextDay?: boolean;
}

const RETRY: CodeMeaning = { kind: 'retry' };
const NEXT_DAY: CodeMeaning = { kind: 'retry', nextDay: true };
const PERMANENT: CodeMeaning = { kind: 'permanent' };

export const TENCENT_CODES: Readonly<Record<string, CodeMeaning>> = {
  // The customer unsubscribed at Tencent (or the carrier's do-not-disturb list): foster opts the number out.
  'FailedOperation.PhoneNumberInBlacklist': { kind: 'optedOut' },
  // Nothing about this text will ever change: failed at once.
  'InvalidParameterValue.IncorrectPhoneNumber': PERMANENT,
  'MissingParameter.EmptyPhoneNumberSet': PERMANENT,
  'UnsupportedOperation.UnsuportedRegion': PERMANENT,
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber': PERMANENT,
  'InvalidParameterValue.ContentLengthLimit': PERMANENT,
  'InvalidParameterValue.TemplateParameterLengthLimit': PERMANENT,
  'InvalidParameterValue.TemplateParameterFormatError': PERMANENT,
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': PERMANENT,
  'FailedOperation.ContainSensitiveWord': PERMANENT,
  'InvalidParameter.DirtyWordFound': PERMANENT,
  // Daily limits: tomorrow.
  'LimitExceeded.PhoneNumberDailyLimit': NEXT_DAY,
  'LimitExceeded.PhoneNumberSameContentDailyLimit': NEXT_DAY,
  'LimitExceeded.AppDailyLimit': NEXT_DAY,
  'LimitExceeded.DailyLimit': NEXT_DAY,
  // Rate limits and Tencent's own errors: soon, with backoff.
  'LimitExceeded.DeliveryFrequencyLimit': RETRY,
  'LimitExceeded.PhoneNumberThirtySecondLimit': RETRY,
  'LimitExceeded.PhoneNumberOneHourLimit': RETRY,
  RequestLimitExceeded: RETRY,
  'InternalError.Timeout': RETRY,
  'InternalError.OtherError': RETRY,
  'InternalError.SendAndRecvFail': RETRY,
  'InternalError.UnknownError': RETRY,
  // The account's set-up (balance, arrears, an unapproved signature or template): an operator can
  // fix it while the text waits, so it retries; the failed-text alarm fires if it runs out of tries.
  'FailedOperation.InsufficientBalanceInSmsPackage': RETRY,
  'UnauthorizedOperation.SerivceSuspendDueToArrears': RETRY,
  'FailedOperation.SignatureIncorrectOrUnapproved': RETRY,
  'FailedOperation.TemplateIncorrectOrUnapproved': RETRY,
};

/** The meaning of a code; an unknown one retries. */
export function meaningOf(code: string): CodeMeaning {
  return TENCENT_CODES[code] ?? RETRY;
}
