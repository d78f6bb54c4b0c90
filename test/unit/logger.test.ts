import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../lib/adapters/logger.js';

describe('createLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes no whole phone number, in messages, attributes or errors', () => {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    }
    const logger = createLogger({ logLevel: 'INFO' });

    logger.info('sending to +8613800138000', { to: '+8613800138000', nested: { phone: '13900001111' } });
    logger.error('send failed', { error: new Error('gateway refused 13700002222') });

    const out = lines.join('');
    expect(out).toContain('+86****8000');
    expect(out).toContain('gateway refused ****2222');
    expect(out).not.toMatch(/13800138000|13900001111|13700002222/);
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });
});
