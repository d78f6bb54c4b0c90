import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

// The figures the benchmarks return and bench/RESULTS.md, the one file they end up in: per
// benchmark a table of figures, each beside its yardstick measured in the same run (raw DynamoDB
// Local BatchWrite, the request floor, the AWS SDK's own import time) and its budget, under a header
// saying when, on what commit and on what machine. Only a full run writes the file, so every figure
// in it comes from one run on one machine and one commit.

/** The yardstick a figure is read against, measured in the same run (or derived from its own sizes). */
export interface Reference {
  /** What the yardstick is, e.g. 'raw BatchWrite of the same items'. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Decimal places shown. @default 0 */
  readonly digits?: number;
}

/** One figure of a benchmark. */
export interface Figure {
  /** What was measured, e.g. 'throughput'. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Decimal places shown. @default 0 */
  readonly digits?: number;
  readonly reference?: Reference;
  /** The most the figure may be, in its unit; a figure past it is marked OVER. */
  readonly budget?: number;
  /** A short note: the request mix, counts. */
  readonly detail?: string;
}

/** What one benchmark returns: its figures, in the order they are shown. */
export interface BenchReport {
  /** One line saying what the benchmark does. */
  readonly title: string;
  readonly figures: readonly Figure[];
  /** Lines shown under the table. */
  readonly notes?: readonly string[];
}

/** One benchmark's report as run: its name and how long it took. */
export interface Section extends BenchReport {
  readonly bench: string;
  readonly seconds: number;
}

/** Where and when a run happened. */
export interface RunHeader {
  readonly date: Date;
  readonly commit: { readonly sha: string; readonly dirty: readonly string[] };
  readonly machine: Machine;
  /** The options of the run, e.g. `{ 'month orphans': '75,000' }`. */
  readonly options: Readonly<Record<string, string>>;
  /** Further lines of the header, e.g. the process's peak memory. */
  readonly notes?: readonly string[];
}

/** The machine a run happened on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  /** 1, 5 and 15 minute load averages when the run started: the machine may be shared. */
  readonly loadAverage: readonly number[];
}

/** The machine this process runs on. */
export function thisMachine(): Machine {
  const release = existsSync('/etc/os-release') ? /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${release ? `${release}, ` : ''}${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
  };
}

/**
 * HEAD of the repository at `cwd` and the tracked files that differ from it. The results file itself
 * is left out: a rerun over a committed RESULTS.md is still a run of that commit. Untracked files are
 * left out too (an untracked `node_modules` symlink in a worktree is not a change to the code).
 */
export function thisCommit(cwd: string, resultsPath = 'bench/RESULTS.md'): RunHeader['commit'] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
  const sha = git('rev-parse', 'HEAD').trim();
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', `:!${resultsPath}`)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
  return { sha, dirty };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A markdown table cell: pipes escaped, line breaks flattened. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function duration(seconds: number): string {
  if (seconds < 60) return `${fmt(seconds, 1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${fmt(seconds - m * 60, 0)} s`;
}

function table(figures: readonly Figure[]): string[] {
  const hasReference = figures.some((f) => f.reference);
  const hasBudget = figures.some((f) => f.budget !== undefined);
  const hasDetail = figures.some((f) => f.detail);
  const head = ['figure', 'value', ...(hasReference ? ['reference (same run)'] : []), ...(hasBudget ? ['budget'] : []), ...(hasDetail ? ['detail'] : [])];
  const rows = figures.map((f) => {
    const ref = f.reference;
    const budget = f.budget === undefined ? '' : `≤ ${fmt(f.budget, f.digits ?? 0)} ${f.unit}${f.value > f.budget ? ' **OVER**' : ''}`;
    return [
      f.name,
      `${fmt(f.value, f.digits ?? 0)} ${f.unit}`,
      ...(hasReference ? [ref ? `${ref.name}: ${fmt(ref.value, ref.digits ?? 0)} ${ref.unit}` : ''] : []),
      ...(hasBudget ? [budget] : []),
      ...(hasDetail ? [f.detail ?? ''] : []),
    ];
  });
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`);
}

/**
 * bench/RESULTS.md for one run: the header, a summary of what each benchmark took and how many of
 * its figures are over budget, then one table per benchmark.
 *
 * @example
 * renderResults(header, [{ bench: 'sms', title: 'Sending 10,000 texts', seconds: 41, figures: [
 *   { name: 'throughput', value: 240, unit: 'texts/s', reference: { name: 'raw BatchWrite', value: 1200, unit: 'items/s' } },
 * ] }]);
 */
export function renderResults(header: RunHeader, sections: readonly Section[]): string {
  const m = header.machine;
  const { sha, dirty } = header.commit;
  const over = sections.flatMap((s) => s.figures.filter((f) => f.budget !== undefined && f.value > f.budget).map((f) => `${s.bench}: ${f.name}`));
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts) on a full run; do not edit by hand. Each figure stands beside its',
    'yardstick from the same run; DynamoDB Local is far slower than DynamoDB, so throughputs are read against',
    'the raw rate of the same emulator, and requests per item carry to the cloud.',
    '',
    `- date: ${header.date.toISOString()}`,
    `- commit: ${sha}${dirty.length ? ` with uncommitted changes to ${dirty.join(', ')}` : ' (clean tree)'}`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGb, 1)} GB memory, Node ${m.node}, ${m.os}`,
    `- load average at the start (1, 5, 15 min): ${m.loadAverage.map((l) => fmt(l, 2)).join(', ')}`,
    `- options: ${
      Object.entries(header.options)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ') || 'defaults'
    }`,
    ...(header.notes ?? []).map((n) => `- ${n}`),
    `- figures over budget: ${over.length ? over.join('; ') : 'none'}`,
    '',
    '| benchmark | took |',
    '|---|---|',
    ...sections.map((s) => `| [${s.bench}](#${s.bench}) | ${duration(s.seconds)} |`),
    `| all | ${duration(sections.reduce((n, s) => n + s.seconds, 0))} |`,
  ];
  for (const s of sections) {
    lines.push('', `## ${s.bench}`, '', s.title, '', ...table(s.figures));
    if (s.notes?.length) lines.push('', ...s.notes.map((n) => `- ${n}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the results file when the run was full (`complete`), and leaves it as it is otherwise, so a
 * run of some benchmarks never replaces the figures of a full one. Returns what it did.
 *
 * @example
 * saveResults('bench/RESULTS.md', markdown, { complete: wanted.length === 0 }); // 'written' | 'kept'
 */
export function saveResults(file: string, markdown: string, run: { complete: boolean }): 'written' | 'kept' {
  if (!run.complete) return 'kept';
  writeFileSync(file, markdown);
  return 'written';
}
