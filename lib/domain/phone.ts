import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import * as z from 'zod';

// Numbers are stored in E.164 so one customer has one key whatever way it was typed
// ("138 0013 8000", "+86 13800138000"). Only mobile numbers pass: every number here receives SMS.

/** Parses a mobile number (national numbers default to China) into E.164, or undefined. */
export function toE164(input: string, defaultCountry: 'CN' = 'CN'): string | undefined {
  const parsed = parsePhoneNumberFromString(input, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** zod schema: a mobile number, output in E.164. */
export const Phone = z.string().transform((value, ctx) => {
  const e164 = toE164(value);
  if (!e164) {
    ctx.addIssue({ code: 'custom', message: 'must be a valid mobile phone number' });
    return z.NEVER;
  }
  return e164;
});

/** A phone number fit for a log line: country code and last 4 digits, the rest masked. */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const tail = digits.slice(-4);
  const head = phone.startsWith('+86') ? '+86' : phone.startsWith('+') ? '+' : '';
  return `${head}****${tail}`;
}
