import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import * as z from './zod.js';
import { MAINLAND_MOBILE_METADATA } from './phone-metadata.js';

// Numbers are stored in E.164 so one customer has one key whatever way it was typed
// ("138 0013 8000", "+86 13800138000"). Only mainland China mobile numbers pass: every number here
// receives SMS from a mainland provider with registered templates. The metadata is libphonenumber-js's
// own mobile metadata cut to +86 (phone-metadata.ts), 4 KB instead of 98 KB in every Lambda.

/** Parses a mainland mobile number (national or +86) into E.164, or undefined. */
export function toE164(input: string, defaultCountry: 'CN' = 'CN'): string | undefined {
  const parsed = parsePhoneNumberFromString(input, defaultCountry, MAINLAND_MOBILE_METADATA);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** zod schema: a mobile number, output in E.164. */
// Marked pure (each call): a Lambda that only masks phones (the logger) drops the parser and its metadata.
export const Phone = /* @__PURE__ */ z.pipe(
  /* @__PURE__ */ z.string(),
  /* @__PURE__ */ z.transform((value: string, ctx) => {
    const e164 = toE164(value);
    if (!e164) {
      ctx.issues.push({ code: 'custom', message: 'must be a valid mobile phone number', input: value });
      return z.NEVER;
    }
    return e164;
  }),
);

/** A phone number fit for a log line: country code and last 4 digits, the rest masked. */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const tail = digits.slice(-4);
  const head = phone.startsWith('+86') ? '+86' : phone.startsWith('+') ? '+' : '';
  return `${head}****${tail}`;
}
