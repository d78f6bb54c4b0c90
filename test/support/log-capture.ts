import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

// A vitest setup file: every logger in every test file writes at DEBUG (AWS_LAMBDA_LOG_LEVEL wins
// over each logger's own level, as Lambda's log controls do) and each JSON log line goes to a file
// of the run's log folder instead of the console. The global teardown scans them all
// (test/support/log-scan.ts): a whole phone number in any line written during the run fails it.

process.env.AWS_LAMBDA_LOG_LEVEL = 'DEBUG';
const file = join(inject('logDir'), `${process.pid}.log`);

// Setup files run once per test file, and test files share a worker (isolate: false): wrap once.
const CAPTURING = Symbol.for('foster.logCapture');
for (const stream of [process.stdout, process.stderr] as (NodeJS.WriteStream & { [CAPTURING]?: boolean })[]) {
  if (stream[CAPTURING]) continue;
  stream[CAPTURING] = true;
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = function captureLogLines(chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
    if (text.startsWith('{"level"')) {
      appendFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }
    return write(chunk, ...rest);
  };
}
