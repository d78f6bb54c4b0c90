import * as z from './zod.js';
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
  orphans: z.number(),
  /** Orphans handled so far, and how many assignments were new among them. */
  processed: z.number(),
  created: z.number(),
  deadline: IsoInstant,
  createdAt: IsoInstant,
  createdBy: z.string(),
  startedAt: z.optional(IsoInstant),
  heartbeatAt: z.optional(IsoInstant),
  finishedAt: z.optional(IsoInstant),
  attempts: z.number(),
  result: z.optional(z.record(z.string(), z.unknown())),
  error: z.optional(z.string()),
});
export type Job = z.infer<typeof Job>;

/** The job id of a departure: the same for every call about the same departure. */
export function departureJobId(staffId: string, departedAt: string): string {
  return `departure-${staffId}-${departedAt.replace(/\D/g, '')}`;
}

/** `GET /admin/jobs/{id}` path parameter. */
export const JobId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a job id'));
