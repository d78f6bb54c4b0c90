import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What the log scan looks for in every line the test run logged (test/support/log-capture.ts).

/** A whole mainland mobile number (11 digits from 13-19, optionally +86), not part of a longer number or an id. */
export const WHOLE_MAINLAND_PHONE = /(?<![A-Za-z0-9_-])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![A-Za-z0-9_-])/;
/** A UUID whose digits the phone mask ate (`1276c46d-a3bf-****5144b423018fe`). */
export const MANGLED_UUID = /[0-9a-f]{4}-[0-9a-f]{0,4}\*{4}\d{4}|\*{4}\d{4}[0-9a-f]{2,}-?[0-9a-f]*-[0-9a-f]{4}/i;

export interface LogScan {
  lines: number;
  phones: string[];
  mangled: string[];
}

/** Scans every log file of `dir`; findings are cut to 20 each, phone digits kept only as the last 4. */
export function scanLogs(dir: string): LogScan {
  const result: LogScan = { lines: 0, phones: [], mangled: [] };
  for (const name of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      result.lines++;
      const phone = WHOLE_MAINLAND_PHONE.exec(line);
      if (phone && result.phones.length < 20) result.phones.push(`…${phone[0].slice(-4)} in: ${line.replace(WHOLE_MAINLAND_PHONE, '<PHONE>').slice(0, 300)}`);
      const uuid = MANGLED_UUID.exec(line);
      if (uuid && result.mangled.length < 20) result.mangled.push(`${uuid[0]} in: ${line.slice(0, 300)}`);
    }
  }
  return result;
}
