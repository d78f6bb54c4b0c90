import { z } from 'zod';
import { Id, IsoInstant } from './ids.js';

// A background job: today only a departure of at least `asyncDepartureThreshold` orphans, which
// answers 202 with the job's id and runs outside the request. The id is derived from the departure
// (staff id and departure instant), so a repeated departure finds the same job.

export const JobState = z.enum(['queued', 'running', 'done', 'failed']);
export type JobState = z.infer<typeof JobState>;

export const Job = z.object({
  id: z.string(),
  type: z.literal('departure'),
  state: JobState,
  /** The departed agent. */
  staffId: Id,
  /** Orphans the departure makes (customers of the agent when it was asked for). */
  orphans: z.number().int().nonnegative(),
  /** Orphans handled so far, and how many assignments were new among them. */
  processed: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  deadline: IsoInstant,
  createdAt: IsoInstant,
  createdBy: z.string(),
  startedAt: IsoInstant.optional(),
  heartbeatAt: IsoInstant.optional(),
  finishedAt: IsoInstant.optional(),
  attempts: z.number().int().nonnegative(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});
export type Job = z.infer<typeof Job>;

/** The job id of a departure: the same for every call about the same departure. */
export function departureJobId(staffId: string, departedAt: string): string {
  return `departure-${staffId}-${departedAt.replace(/\D/g, '')}`;
}

/** `GET /admin/jobs/{id}` path parameter. */
export const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a job id');
