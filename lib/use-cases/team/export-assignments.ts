import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Assignment } from '../../domain/assignment.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { scheduleName } from '../../domain/schedule-names.js';
import type { Caller } from '../../domain/scope.js';
import { EXPORT_COLUMNS, EXPORT_ROWS_PER_RESPONSE, ExportId, ExportPartQuery, ExportQuery } from '../../domain/team.js';
import { localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import type { AssignmentScope, Store } from '../../ports/store.js';
import type { ExportJob } from '../../ports/team-store.js';
import { requireRole } from '../shared/require-role.js';

// exportAssignments: the assignments of the caller's scope (optionally one state, one month of
// creation) as a CSV file Excel opens with Chinese intact (UTF-8 with BOM, CRLF). Up to 10,000 rows
// answer at once; a larger export runs in the background in parts the caller fetches when ready.

const PAGE = 1000;
/** Past this many assignments read, the export goes to the background even if few of them match the month. */
const MAX_READ_INLINE = 30_000;

/** The CSV of assignments: BOM, Chinese header, one row per assignment, formulas neutralised. */
export function assignmentsCsv(rows: readonly Assignment[]): string {
  return stringify(
    rows.map((a) => EXPORT_COLUMNS.map(([, field]) => a[field] ?? '')),
    { bom: true, header: true, columns: EXPORT_COLUMNS.map(([header]) => header), record_delimiter: 'windows', escape_formulas: true },
  );
}

async function scopeOf(store: Store, caller: Caller): Promise<AssignmentScope> {
  if (caller.role === 'supervisor') return { ownerId: caller.sub };
  const me = (await store.getStaff([caller.sub])).get(caller.sub);
  if (!me) throw new ForbiddenError(`no staff record for ${caller.sub}`);
  return caller.role === 'deptManager' ? { deptId: me.deptId } : { districtId: me.districtId };
}

/** Reads the scope's assignments page by page, keeping those of `month`, until `stop` says enough. */
async function collect(store: Store, scope: AssignmentScope, query: { state?: string; month?: string }, stop: (rows: number, read: number) => boolean) {
  const rows: Assignment[] = [];
  let read = 0;
  let cursor: string | undefined;
  do {
    const page = await store.listAssignments(scope, { state: query.state, limit: PAGE, cursor });
    read += page.items.length;
    rows.push(...page.items.filter((a) => !query.month || localMonth(a.createdAt) === query.month));
    cursor = page.next;
    if (cursor && stop(rows.length, read)) return { rows, complete: false };
  } while (cursor);
  return { rows, complete: true };
}

const fileName = (query: { state?: string; month?: string }, part?: number) =>
  `assignments${query.state ? `-${query.state}` : ''}${query.month ? `-${query.month}` : ''}${part ? `-part${part}` : ''}.csv`;

export type ExportAnswer = { csv: string; fileName: string; rows: number } | { job: ExportJob };

export async function exportAssignments(
  deps: Pick<Deps, 'store' | 'clock' | 'scheduler' | 'logger'>,
  caller: Caller,
  rawQuery: unknown,
  /** Rows answered at once, and per part of a background export. @default 10,000 */
  rowsPerFile = EXPORT_ROWS_PER_RESPONSE,
): Promise<ExportAnswer> {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager']);
  const query = parseInput(ExportQuery, rawQuery ?? {});
  const { store, clock, scheduler } = deps;
  const scope = await scopeOf(store, caller);
  const { rows, complete } = await collect(store, scope, query, (n, read) => n > rowsPerFile || read >= MAX_READ_INLINE);
  if (complete && rows.length <= rowsPerFile) return { csv: assignmentsCsv(rows), fileName: fileName(query), rows: rows.length };

  const now = clock.now();
  const job: ExportJob = {
    id: randomUUID(),
    requestedBy: caller.sub,
    scope,
    ...(query.state ? { state: query.state } : {}),
    ...(query.month ? { month: query.month } : {}),
    status: 'pending',
    createdAt: now.toISOString(),
    rowsPerPart: rowsPerFile,
  };
  await store.putExportJob(job);
  await scheduler.scheduleOnce({ name: scheduleName('export', job.id), at: now, event: { type: 'assignmentExport', exportId: job.id } });
  deps.logger.info('assignment export queued', { exportId: job.id });
  return { job };
}

/** The background export: every matching assignment, in CSV parts of 10,000 rows. Rerunning rewrites the same parts. */
export async function runAssignmentExport(
  deps: Pick<Deps, 'store' | 'clock' | 'logger'>,
  exportId: string,
): Promise<{ rows: number; parts: number } | undefined> {
  const { store, clock } = deps;
  const job = await store.getExportJob(exportId);
  if (!job || job.status === 'ready') return undefined;
  try {
    const { rows } = await collect(store, job.scope, job, () => false);
    const size = job.rowsPerPart ?? EXPORT_ROWS_PER_RESPONSE;
    const parts = Math.max(1, Math.ceil(rows.length / size));
    for (let n = 1; n <= parts; n++) await store.putExportPart(job.id, n, assignmentsCsv(rows.slice((n - 1) * size, n * size)), job.createdAt);
    await store.putExportJob({ ...job, status: 'ready', rows: rows.length, parts, finishedAt: clock.now().toISOString() });
    deps.logger.info('assignment export ready', { exportId, rows: rows.length, parts });
    return { rows: rows.length, parts };
  } catch (error) {
    await store.putExportJob({ ...job, status: 'failed', error: 'the export failed; ask for it again', finishedAt: clock.now().toISOString() });
    throw error;
  }
}

/** `GET /assignments/exports/{id}`: the job's status, or with `part` one CSV part of a ready export. */
export async function fetchAssignmentExport({ store }: Pick<Deps, 'store'>, caller: Caller, rawId: unknown, rawQuery: unknown) {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager']);
  const id = parseInput(ExportId, rawId, 'id');
  const { part } = parseInput(ExportPartQuery, rawQuery ?? {});
  const job = await store.getExportJob(id);
  if (!job || job.requestedBy !== caller.sub) throw new NotFoundError('export', id);
  const status = {
    id: job.id,
    status: job.status,
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(job.rows !== undefined ? { rows: job.rows, parts: job.parts } : {}),
    ...(job.status === 'ready' ? { files: Array.from({ length: job.parts ?? 0 }, (_, i) => `/assignments/exports/${job.id}?part=${i + 1}`) } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
  if (part === undefined) return { status };
  const csv = job.status === 'ready' && part <= (job.parts ?? 0) ? await store.getExportPart(job.id, part) : undefined;
  if (csv === undefined) throw new NotFoundError('export part', `${id}?part=${part}`);
  return { csv, fileName: fileName(job, part) };
}
