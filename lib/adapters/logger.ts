import { Logger } from '@aws-lambda-powertools/logger';
import { maskPhone } from '../domain/phone.js';

// Powertools Logger with one addition: every string it serialises passes through a mask, so no log
// line holds a whole phone number, whoever forgot to mask it upstream. Phones are found two ways:
// by shape (a mainland mobile or an E.164 number, standing alone: not inside a UUID, a request id,
// an epoch, an amount or a longer number) and by field name (`phone`, `to`, `from`, ...: any
// number-like value there is masked, whatever its format).

/** Not glued to a letter, a digit or an underscore, nor the fraction of a decimal ("0.13800138000"). */
const START = String.raw`(?<![\p{L}\p{N}_]|\d\.)`;
const END = String.raw`(?![\p{L}\p{N}_]|\.\d)`;
/** 13800138000, 138 0013 8000, 138-0013-8000, with or without +86 / 0086 / 86. */
const MAINLAND_MOBILE = String.raw`(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}`;
/** +12065550100: E.164 as written, a + and 7 to 15 digits (spaced foreign numbers are caught by field name). */
const E164 = String.raw`\+[1-9]\d{6,14}`;
const PHONE = new RegExp(`${START}(?:${MAINLAND_MOBILE}|${E164})${END}`, 'gu');

/** Fields that hold a phone number in foster's own records and in the SMS providers' payloads. */
const PHONE_FIELDS = new Set(
  [
    'phone',
    'phones',
    'phoneNumber',
    'phoneNumbers',
    'phoneNumberSet',
    'mobile',
    'mobilePhone',
    'msisdn',
    'tel',
    'telephone',
    'to',
    'from',
    'sender',
    'recipient',
    'originationNumber',
    'destinationNumber',
    'callerNumber',
  ].map((name) => name.toLowerCase()),
);
/** What a number looks like in a phone field, in any format: digits and the usual separators only. */
const NUMBER_LIKE = /^[+\d\s().-]+$/u;

/** Masks every phone number found by its shape in a string: `+86****8000`, `****8000`. */
export function redactPhones(text: string): string {
  return text.replace(PHONE, (match) => maskPhone(match));
}

/** The value of a field, masked whole if the field holds phone numbers and the value looks like one. */
export function maskPhoneField(key: string, value: unknown): unknown {
  if (!PHONE_FIELDS.has(key.toLowerCase())) return value;
  const mask = (v: unknown): unknown => {
    const text = typeof v === 'number' ? String(v) : v;
    if (typeof text !== 'string' || !NUMBER_LIKE.test(text) || text.replace(/\D/g, '').length < 7) return v;
    return maskPhone(text);
  };
  return Array.isArray(value) ? value.map(mask) : mask(value);
}

export interface LoggerOptions {
  /** @default 'foster' */
  readonly serviceName?: string;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/** A Powertools Logger whose output never holds a whole phone number. */
export function createLogger({ serviceName = 'foster', logLevel = 'INFO' }: LoggerOptions = {}): Logger {
  return new Logger({
    serviceName,
    logLevel,
    jsonReplacerFn: (key, value) => {
      const masked = maskPhoneField(key, value);
      return typeof masked === 'string' ? redactPhones(masked) : masked;
    },
  });
}

export type { Logger };
