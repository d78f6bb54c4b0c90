import fc from 'fast-check';
import { parsePhoneNumberFromString as parseWithAllCountries } from 'libphonenumber-js/mobile';
import { describe, expect, it } from 'vitest';
import { MAINLAND_MOBILE_METADATA } from '../../lib/domain/phone-metadata.js';
import { Phone, toE164 } from '../../lib/domain/phone.js';
import { mainlandMobileMetadata } from '../../scripts/phone-metadata.js';

// The Lambdas parse phones with libphonenumber-js's mobile metadata cut to +86 (98 KB -> 4 KB a
// bundle). These tests hold it to the package's full mobile metadata: same answer for every mainland
// number and every string that is no number at all; only other countries' mobiles are refused now.

/** What `toE164` answered before the cut, with the package's metadata for every country. */
function withAllCountries(input: string): string | undefined {
  const parsed = parseWithAllCountries(input, 'CN');
  return parsed?.isValid() ? parsed.number : undefined;
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const separator = fc.constantFrom('', ' ', '-', '.', ' - ', '(', ')');
const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '86', '0', '+860', '+');
/** An 11-digit number of any mainland mobile lead (valid or not), split by separators as people type them. */
const elevenDigits = fc
  .tuple(prefix, fc.integer({ min: 10, max: 19 }), digits(9, 9), fc.array(fc.tuple(fc.nat(10), separator), { maxLength: 3 }))
  .map(([pre, lead, rest, cuts]) => {
    let number = `${lead}${rest}`;
    for (const [at, sep] of cuts.sort((a, b) => b[0] - a[0])) number = number.slice(0, at) + sep + number.slice(at);
    return pre + number;
  });
/** Digit runs of any length with mainland-looking leads: landlines, short codes, too long, too short. */
const otherDigits = fc
  .tuple(prefix, fc.constantFrom('1', '13', '15', '17', '18', '19', '10', '2', '6', '9'), fc.array(fc.tuple(separator, digits(1, 5)), { maxLength: 5 }))
  .map(([pre, lead, parts]) => pre + lead + parts.map(([sep, d]) => sep + d).join(''));
const mainlandish = fc.oneof(elevenDigits, otherDigits);

describe('phone metadata', () => {
  it('holds exactly the +86 part of the installed libphonenumber-js mobile metadata (regenerate with npm run phone-metadata)', () => {
    expect(MAINLAND_MOBILE_METADATA).toEqual(mainlandMobileMetadata());
  });
});

describe('toE164 with the mainland metadata', () => {
  it('returns what the full mobile metadata returns for every mainland-shaped input', () => {
    fc.assert(
      fc.property(mainlandish, (input) => {
        const before = withAllCountries(input);
        expect(toE164(input)).toBe(before === undefined || before.startsWith('+86') ? before : undefined);
      }),
      { numRuns: 5_000 },
    );
  });

  it('returns what the full mobile metadata returns for mainland mobiles of every operator prefix', () => {
    const mismatches: string[] = [];
    for (let prefix = 100; prefix <= 199; prefix++) {
      for (const rest of ['00000000', '12345678', '99999999', '00138000']) {
        const input = `${prefix}${rest}`;
        if (toE164(input) !== withAllCountries(input)) mismatches.push(input);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('returns undefined for any string the full metadata does not read as a mainland mobile', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const before = withAllCountries(input);
        if (before === undefined || !before.startsWith('+86')) expect(toE164(input)).toBeUndefined();
        else expect(toE164(input)).toBe(before);
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses other countries mobiles, which the full metadata accepts (mainland SMS only)', () => {
    for (const foreign of ['+852 5123 4567', '+853 6612 3456', '+886 912 345 678', '+1 201 555 0123', '+44 7400 123456']) {
      expect(withAllCountries(foreign)).toMatch(/^\+/);
      expect(toE164(foreign)).toBeUndefined();
    }
  });

  it('returns a 400-ready issue naming the rule for a foreign number in an upload', () => {
    const result = Phone.safeParse('+852 5123 4567');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be a valid mobile phone number');
  });
});
