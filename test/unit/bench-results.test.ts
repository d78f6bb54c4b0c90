import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderResults, saveResults, thisCommit, type RunHeader, type Section } from '../../bench/results.js';

// bench/RESULTS.md: the renderer puts each figure beside its same-run yardstick and its budget under
// a header naming the run, and only a full run replaces the file.

const HEADER: RunHeader = {
  date: new Date('2026-11-23T02:00:00Z'),
  commit: { sha: '0123456789abcdef0123456789abcdef01234567', dirty: [] },
  machine: { cpu: 'AMD EPYC', cores: 2, memoryGb: 23.5, node: 'v20.19.0', os: 'Debian GNU/Linux 12 (bookworm), Linux 6.1 x64', loadAverage: [1.5, 2, 2.25] },
  options: { 'month orphans': '20,000 (--orphans)', 'fuzz cases': '10,000 (default)' },
};

const SMS: Section = {
  bench: 'sms',
  title: 'Sending 10,000 queued texts by two drains at once.',
  seconds: 95.4,
  figures: [
    { name: 'throughput', value: 240.4, unit: 'texts/s', reference: { name: 'raw BatchWrite of the same texts', value: 1236.2, unit: 'items/s' } },
    { name: 'DynamoDB requests per text', value: 0.0701, unit: 'requests', digits: 3, budget: 0.5, detail: 'TransactWriteItems 400, Query | 3' },
  ],
};
const BUNDLES: Section = {
  bench: 'bundles',
  title: 'Every Lambda built with the stack options.',
  seconds: 130,
  figures: [{ name: 'api-team: minified size', value: 210.25, unit: 'KB', digits: 1, budget: 200 }],
  notes: ['AWS SDK reference: 80 ms wall'],
};

/** The table row whose first cell is `name`, split into its cells. */
function row(markdown: string, name: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${name} |`));
  if (!line) throw new Error(`no row ${name} in\n${markdown}`);
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderResults', () => {
  it('puts each figure beside its reference from the same run, and its budget', () => {
    const markdown = renderResults(HEADER, [SMS]);

    expect(markdown).toContain('| figure | value | reference (same run) | budget | detail |');
    expect(row(markdown, 'throughput')).toEqual(['throughput', '240 texts/s', 'raw BatchWrite of the same texts: 1,236 items/s', '', '']);
    expect(row(markdown, 'DynamoDB requests per text')).toEqual([
      'DynamoDB requests per text',
      '0.070 requests',
      '',
      '≤ 0.500 requests',
      'TransactWriteItems 400, Query \\| 3',
    ]);
  });

  it('names the date, the commit, the machine and the options in its header, and what each benchmark took', () => {
    const markdown = renderResults({ ...HEADER, commit: { ...HEADER.commit, dirty: ['bench/run.ts'] }, notes: ['peak RSS 400 MB'] }, [SMS, BUNDLES]);

    expect(markdown).toMatch(/^# Benchmark results\n/);
    expect(markdown).toContain('- date: 2026-11-23T02:00:00.000Z');
    expect(markdown).toContain('- commit: 0123456789abcdef0123456789abcdef01234567 with uncommitted changes to bench/run.ts');
    expect(markdown).toContain('- machine: AMD EPYC, 2 cores, 23.5 GB memory, Node v20.19.0, Debian GNU/Linux 12 (bookworm), Linux 6.1 x64');
    expect(markdown).toContain('- options: month orphans 20,000 (--orphans); fuzz cases 10,000 (default)');
    expect(markdown).toContain('- peak RSS 400 MB');
    expect(row(markdown, '[sms](#sms)')).toEqual(['[sms](#sms)', '1 min 35 s']);
    expect(row(markdown, '[bundles](#bundles)')).toEqual(['[bundles](#bundles)', '2 min 10 s']);
    expect(markdown.indexOf('## sms')).toBeLessThan(markdown.indexOf('## bundles'));
    expect(markdown).toContain('- AWS SDK reference: 80 ms wall');
  });

  it('says the tree was clean when no tracked file differs from the commit', () => {
    expect(renderResults(HEADER, [SMS])).toContain('- commit: 0123456789abcdef0123456789abcdef01234567 (clean tree)');
  });

  it('marks a figure past its budget OVER and lists it in the header', () => {
    const markdown = renderResults(HEADER, [SMS, BUNDLES]);

    expect(row(markdown, 'api-team: minified size')).toEqual(['api-team: minified size', '210.3 KB', '≤ 200.0 KB **OVER**']);
    expect(markdown).toContain('- figures over budget: bundles: api-team: minified size');
    expect(renderResults(HEADER, [SMS])).toContain('- figures over budget: none');
  });
});

describe('saveResults', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the file of a full run as it was after a partial run', () => {
    dir = mkdtempSync(join(tmpdir(), 'foster-results-'));
    const file = join(dir, 'RESULTS.md');
    writeFileSync(file, 'the full run\n');

    const saved = saveResults(file, renderResults(HEADER, [SMS]), { complete: false });

    expect(saved).toBe('kept');
    expect(readFileSync(file, 'utf8')).toBe('the full run\n');
  });

  it('writes the file after a full run', () => {
    dir = mkdtempSync(join(tmpdir(), 'foster-results-'));
    const file = join(dir, 'RESULTS.md');
    writeFileSync(file, 'an older run\n');
    const markdown = renderResults(HEADER, [SMS, BUNDLES]);

    const saved = saveResults(file, markdown, { complete: true });

    expect(saved).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe(markdown);
  });
});

describe('thisCommit', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the tracked files that differ from HEAD, leaving out the results file and untracked files', () => {
    dir = mkdtempSync(join(tmpdir(), 'foster-commit-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    mkdirSync(join(dir, 'bench'));
    writeFileSync(join(dir, 'bench', 'RESULTS.md'), 'old\n');
    writeFileSync(join(dir, 'bench', 'run.ts'), 'old\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const sha = git('rev-parse', 'HEAD').trim();
    expect(thisCommit(dir)).toEqual({ sha, dirty: [] });

    writeFileSync(join(dir, 'bench', 'RESULTS.md'), 'new\n');
    writeFileSync(join(dir, 'untracked.ts'), 'new\n');
    expect(thisCommit(dir)).toEqual({ sha, dirty: [] });

    writeFileSync(join(dir, 'bench', 'run.ts'), 'new\n');
    expect(thisCommit(dir)).toEqual({ sha, dirty: ['bench/run.ts'] });
  });
});
