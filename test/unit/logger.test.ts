import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createLogger, maskPhoneField, redactPhones } from '../../lib/adapters/logger.js';

// The log mask: phone numbers go whatever their format or place; ids, timestamps, amounts, policy
// numbers and epochs stay whole.

function captureLogs(): string[] {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  }
  return lines;
}

// -- generators ------------------------------------------------------------------------------------

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** A mainland mobile as people and systems write it, with the 11 digits that must not survive. */
const mainlandMobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9), fc.constantFrom('', '+86', '+86 ', '+86-', '86', '0086'), fc.constantFrom('', ' ', '-'))
  .map(([second, rest, prefix, sep]) => {
    const national = `1${second}${rest}`;
    return { text: `${prefix}${national.slice(0, 3)}${sep}${national.slice(3, 7)}${sep}${national.slice(7)}`, whole: national };
  });

/** Any E.164 number: + country code and national number, 7 to 15 digits. */
const e164 = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 6, max: 14 }).chain((n) => digits(n)),
  )
  .map(([first, rest]) => ({
    text: `+${first}${rest}`,
    whole: `${first}${rest}`,
  }));

const phone = fc.oneof(mainlandMobile, e164);

/** Values that must come out of the mask unchanged. */
const survivor = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => `${u.slice(0, 24)}${'13800138000'.slice(0, 12)}`.padEnd(36, '0')), // a request id whose tail is all digits
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => `${d.toISOString().slice(0, 19)}+08:00`),
  fc.integer({ min: 1_000_000_000_000, max: 4_102_444_800_000 }).map(String), // epoch ms
  fc.integer({ min: 1_000_000_000, max: 4_102_444_800 }).map(String), // epoch s
  fc.tuple(fc.integer({ min: 0, max: 99_999_999_999 }), digits(2)).map(([yuan, fen]) => `${yuan}.${fen}`), // amounts, up to 100 bn
  fc.integer({ min: 0, max: 9_999_999 }).map((n) => `P${String(n).padStart(7, '0')}`), // demo policy numbers
  fc
    .integer({ min: 15, max: 20 })
    .chain((n) => digits(n))
    .map((d) => `9${d.slice(1)}`), // long numeric policy numbers
  fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 200 }))
    .map(([c, s]) => `C${String(c).padStart(6, '0')}~S${String(s).padStart(4, '0')}~1`),
);

const separator = fc.constantFrom(' ', ', ', '"', '": "', '=', '\n', '/', ' (', ') ', '：', '，');

// -------------------------------------------------------------------------------------------------

describe('redactPhones', () => {
  it.each([
    ['+8613800138000', '+86****8000'],
    ['13800138000', '****8000'],
    ['138 0013 8000', '****8000'],
    ['138-0013-8000', '****8000'],
    ['+86 138 0013 8000', '+86****8000'],
    ['008613800138000', '****8000'],
    ['+12065550100', '+****0100'],
    ['call 13800138000.', 'call ****8000.'],
    ['13800138000,13900139000', '****8000,****9000'],
  ])('masks %s by its shape', (input, expected) => {
    expect(redactPhones(input)).toBe(expected);
  });

  it.each([
    '939ff8c1-3b2e-4f5a-9c1d-d13800138000',
    '12345678-1380-0138-0001-380013800013',
    '2026-11-23T02:00:00.000Z',
    '2026-11-23T10:00:00+08:00',
    '1732345678901',
    '13800138000.50',
    'P0000001',
    '886013800138000',
    'C000123~S0045~1',
    'v13800138000',
  ])('keeps %s whole', (input) => {
    expect(redactPhones(input)).toBe(input);
  });

  it('leaves no whole phone number and every id, timestamp, amount and policy number intact, wherever they sit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(survivor, separator, phone, separator), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([s, sep1, p, sep2]) => `${s}${sep1}${p.text}${sep2}`).join('');

        const out = redactPhones(text);

        for (const [s, , p] of parts) {
          expect(out).toContain(s);
          expect(out).not.toContain(p.text);
          expect(out.replace(/[ -]/g, '')).not.toContain(p.whole);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('maskPhoneField', () => {
  it('masks a number-like value in a phone field whatever its format', () => {
    expect(maskPhoneField('phone', '0755 8888 1234')).toBe('****1234');
    expect(maskPhoneField('originationNumber', '+8613800138000')).toBe('+86****8000');
    expect(maskPhoneField('To', 13800138000)).toBe('****8000');
    expect(maskPhoneField('PhoneNumberSet', ['+8613800138000', '+8613900139000'])).toEqual(['+86****8000', '+86****9000']);
  });

  it('keeps what is no phone number in a phone-named field', () => {
    expect(maskPhoneField('from', '2026-11-23T02:00:00.000Z')).toBe('2026-11-23T02:00:00.000Z');
    expect(maskPhoneField('to', 3)).toBe(3);
    expect(maskPhoneField('from', '+86****8000')).toBe('+86****8000');
    expect(maskPhoneField('requestId', '13800138000')).toBe('13800138000');
  });
});

describe('createLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes no whole phone number, in messages, attributes or errors', () => {
    const lines = captureLogs();
    const logger = createLogger({ logLevel: 'INFO' });

    logger.info('sending to +8613800138000', { to: '+8613800138000', nested: { phone: '13900001111' }, landline: { tel: '0755-8888-1234' } });
    logger.error('send failed', { error: new Error('gateway refused 13700002222') });

    const out = lines.join('');
    expect(out).toContain('+86****8000');
    expect(out).toContain('gateway refused ****2222');
    expect(out).not.toMatch(/13800138000|13900001111|13700002222|0755-8888-1234/);
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps request ids, UUIDs, timestamps, amounts, policy numbers and epochs whole', () => {
    const lines = captureLogs();
    const logger = createLogger({ logLevel: 'INFO' });
    const kept = {
      requestId: '939ff8c1-3b2e-4f5a-9c1d-d13800138000',
      messageId: '12345678-1380-0138-0001-380013800013',
      at: '2026-11-23T02:00:00.000Z',
      from: '2026-11-23T02:00:00.000Z',
      to: '2026-12-09T01:00:00.000Z',
      amount: 13800138000.5,
      premium: '13800.00',
      policyId: 'P0000123',
      policyNo: '886013800138000',
      epochMs: 1732345678901,
      visitId: 'C000123~S0045~1',
    };

    logger.info('kept', kept);

    const out = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(out).toMatchObject(kept);
  });
});
