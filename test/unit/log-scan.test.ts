import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../lib/adapters/logger.js';
import { MANGLED_UUID, WHOLE_MAINLAND_PHONE } from '../support/log-scan.js';

// The log scan's own checks (the run's global teardown applies them to every captured line), and
// the other half of masking: ids must come out of the logger as they went in.

describe('log scan', () => {
  afterEach(() => vi.restoreAllMocks());

  it('finds a whole mainland number in any common spelling and nothing in ids, epochs or masked numbers', () => {
    for (const phone of ['13800138000', '+8613800138000', '+86 138 0013 8000', '138-0013-8000', '电话13800138000。'])
      expect(phone).toMatch(WHOLE_MAINLAND_PHONE);
    for (const clean of ['+86****8000', '1732329600000', 'C000123~S0045', '12345678-1380-0138-0001-123456789012', 'P-13800138000X', 'amount 138001380001']) {
      expect(clean).not.toMatch(WHOLE_MAINLAND_PHONE);
    }
  });

  it('keeps request ids and other UUIDs whole through the logger, even all-digit ones', () => {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    }
    const ids = ['12345678-1234-1234-1234-123456789012', '1276c46d-a3bf-4908-9775-144b423018fe', ...Array.from({ length: 200 }, () => randomUUID())];
    const logger = createLogger({ logLevel: 'INFO' });

    for (const id of ids) logger.info(`request ${id} done`, { requestId: id, messageId: id });

    const out = lines.join('');
    for (const id of ids) expect(out.split(id).length - 1, id).toBe(3);
    expect(out).not.toMatch(MANGLED_UUID);
  });
});
