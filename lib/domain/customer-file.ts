import * as z from './zod.js';
import { enterFarm, EMPTY_CARE, perWeekOf, type CareState } from './care.js';
import type { CustomerFile, CustomerProfile, ProgrammeEndReason } from './customer.js';
import { EXPERIENCE_SPECS, type Experience } from './experience.js';
import { historyEntry, type HistoryEntry } from './history.js';
import type { Level } from './quadrant.js';
import { evaluateSegment, type Assessment, type Evaluation, type SegmentSettings, type Signal } from './segment.js';
import { standingOf, type FileStanding } from './team.js';
import type { CareCadence } from './segment-settings.js';
import { addDays, localDate } from './time.js';
import type { AttemptOutcome, Sold } from './visit.js';

// The customer file foster keeps: status and ratings (since v1), and for the method (issue 12) the
// source, the segment with its evidence, assessments, the farm's care state, opt-out and referrals.
// Main course: applyContacts(file, profile, contacts) appends each contact's evidence and history
// entry, re-evaluates the segment (a quadrant change is one more entry, with before, after and the
// reason), and returns the next version of the file, written together with its entries.

/** The method's acquisition channels (hunt); orphans get `orphan`. */
export const SOURCES = ['bank', 'otherFinancial', 'nonFinancial', 'ownNetwork', 'referral', 'event', 'orphan'] as const;
export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

/** A file's segment: the last evaluation (segment.ts) and since when the customer is in its quadrant. */
export interface Segment extends Omit<Evaluation, 'contradicted'> {
  /** When the customer entered this quadrant. */
  since: string;
}

/** What issue 12 adds to the customer file item (all optional: files written before have none). */
export interface FileExtras {
  /** Optimistic lock: every read-modify-write of the file is conditioned on it. Absent = 0. */
  version?: number;
  source?: Source;
  segment?: Segment;
  assessments?: { ability?: Assessment; willingness?: Assessment };
  /** What the last upload said, so an unchanged upload value is not a new assessment. */
  uploaded?: { ability?: Level; willingness?: Level };
  /** Relationship signals still in the window, oldest first. */
  signals?: Signal[];
  /** The next day a signal leaves the window: the file is re-evaluated that day. */
  segmentDueOn?: string;
  optedOutAt?: string;
  /** The orphan visit programme: while it runs, no care SMS. */
  programme?: 'running' | 'ended';
  care?: CareState;
  /** The upload asked for routine care (`care: true`). */
  careRequested?: boolean;
  referredBy?: string;
  referred?: string[];
}

export interface FileSettings extends SegmentSettings {
  careCadence: CareCadence;
}

/** One contact or change, as the use cases report it. */
export type Contact =
  | { kind: 'attempt'; visitId: string; visitNumber: number; outcome: AttemptOutcome; reason?: string; by: string }
  | { kind: 'visitDone'; visitId: string; visitNumber: number; sold: Sold; by: string; programmeEnds?: ProgrammeEndReason }
  | { kind: 'visitUnreachable'; visitId: string; visitNumber: number; wrongNumber: boolean; by: string; programmeEnds?: ProgrammeEndReason }
  | { kind: 'rating'; visitId: string; rating: number; comment?: string }
  | { kind: 'reply'; outcome: string }
  | { kind: 'optOut' }
  | { kind: 'experience'; experience: Experience; note?: string; by: string }
  | { kind: 'referral'; referred: { id: string; name: string }; by: string }
  | { kind: 'referredBy'; referrer: { id: string; name: string }; by: string; prospect: boolean }
  | { kind: 'assessment'; ability?: Level; willingness?: Level; evidence: string; by: string }
  | { kind: 'careSms'; smsId: string; template: string; occasion?: string; day: string; care: CareState }
  | { kind: 'upload'; source?: Source; care?: boolean; ability?: Level; willingness?: Level; isNew: boolean }
  | { kind: 'fileOpened'; source: Source; by: string };

/** A file with every field present (defaults for a customer foster has not written about yet). */
export function normaliseFile(customerId: string, file: CustomerFile | undefined, at: string): CustomerFile {
  return {
    customerId,
    status: 'active',
    ratings: 0,
    ratingSum: 0,
    updatedAt: at,
    ...file,
    version: file?.version ?? 0,
  };
}

const SOLD_WORDS: Record<Sold, string> = { life: 'a life product', card: 'a card product', none: 'nothing' };

/**
 * Applies contacts to a customer's file. Pure: the next file (version + 1) and the history entries
 * to write with it in one transaction, conditioned on the version read; `was` is the stored file's
 * standing, which the agent's quadrant counters move from in the same transaction.
 */
export function applyContacts(
  profile: Pick<CustomerProfile, 'id' | 'policies'>,
  stored: CustomerFile | undefined,
  contacts: readonly Contact[],
  now: Date,
  s: FileSettings,
): { file: CustomerFile; history: HistoryEntry[]; was: FileStanding } {
  const at = now.toISOString();
  const today = localDate(now);
  const id = profile.id;
  const file = normaliseFile(id, stored, at);
  const history: HistoryEntry[] = [];
  const entry = (kind: HistoryEntry['kind'], by: string, summary: string, data?: Record<string, unknown>) =>
    history.push(historyEntry(id, at, kind, by, summary, data, history.length));
  const signals: Signal[] = [...(file.signals ?? [])];
  const signal = (kind: Signal['kind'], value?: number) => signals.push({ at, kind, ...(value !== undefined ? { value } : {}) });
  const assessments = { ...file.assessments };
  let care: CareState = file.care ?? EMPTY_CARE;
  const perWeek = () => perWeekOf(file.segment?.quadrant, s.careCadence);
  // The visit programme ended (visit 3 over, or a sale at visit 2): maintenance (日常关系维护).
  const endProgramme = (reason: ProgrammeEndReason) => {
    file.programme = 'ended';
    file.status = 'maintenance';
    file.programmeEndedAt = at;
    file.programmeEndReason = reason;
  };
  const farm = (why: string) => {
    if (file.optedOutAt || care.active) return;
    care = enterFarm(care, today, id, perWeek(), why);
    entry('farm', 'foster', `entered the farm (routine care, ${perWeek()} SMS a week): ${why}`, { why, nextOn: care.nextOn });
  };

  for (const c of contacts) {
    switch (c.kind) {
      case 'attempt':
        if (c.outcome === 'accepted' || c.outcome === 'refused') signal(c.outcome);
        entry('attempt', c.by, `invitation for visit ${c.visitNumber}${c.reason ? ` (${c.reason})` : ''}: ${c.outcome}`, {
          visitId: c.visitId,
          outcome: c.outcome,
          ...(c.reason ? { reason: c.reason } : {}),
        });
        break;
      case 'visitDone':
        signal('visitDone');
        entry('visitDone', c.by, `visit ${c.visitNumber} done, sold ${SOLD_WORDS[c.sold]}`, { visitId: c.visitId, sold: c.sold });
        if (c.sold !== 'none') {
          signal('sale');
          entry('sale', c.by, `sold ${SOLD_WORDS[c.sold]} at visit ${c.visitNumber} (harvest)`, { visitId: c.visitId, sold: c.sold });
        }
        if (c.programmeEnds) {
          endProgramme(c.programmeEnds);
          farm(
            c.sold !== 'none' ? `the visit programme ended with a sale at visit ${c.visitNumber}` : `visit ${c.visitNumber} done, the visit programme ended`,
          );
        }
        break;
      case 'visitUnreachable':
        entry('visitUnreachable', c.by, `visit ${c.visitNumber} closed as unreachable${c.wrongNumber ? ' (wrong number)' : ''}`, {
          visitId: c.visitId,
          wrongNumber: c.wrongNumber,
        });
        if (c.programmeEnds) {
          endProgramme(c.programmeEnds);
          if (c.wrongNumber) {
            care = { ...care, active: false, blocked: 'wrongNumber', why: 'the number was wrong: no care SMS until an upload brings a new one' };
            entry('farm', 'foster', 'not farmed: the last visit was closed as unreachable on a wrong number');
          } else farm(`visit ${c.visitNumber} closed as unreachable, the visit programme ended`);
        }
        break;
      case 'rating':
        signal('rating', c.rating);
        file.ratings += 1;
        file.ratingSum += c.rating;
        file.lastRating = c.rating;
        file.lastRatedAt = at;
        entry('rating', 'customer', `rated the visit ${c.rating}${c.comment ? `: ${c.comment}` : ''}`, { visitId: c.visitId, rating: c.rating });
        break;
      case 'reply':
        signal('reply');
        entry('reply', 'customer', `replied (${c.outcome})`, { outcome: c.outcome });
        break;
      case 'optOut':
        file.optedOutAt ??= at;
        entry('optOut', 'customer', 'opted out of texts: no more SMS');
        break;
      case 'experience':
        entry('experience', c.by, `experience given: ${EXPERIENCE_SPECS[c.experience].name}${c.note ? ` (${c.note})` : ''}`, {
          experience: c.experience,
          ...(c.note ? { note: c.note } : {}),
        });
        break;
      case 'referral':
        signal('referral');
        file.referred = [...new Set([...(file.referred ?? []), c.referred.id])];
        entry('referral', c.by, `referred ${c.referred.name} (${c.referred.id})`, { customerId: c.referred.id });
        break;
      case 'referredBy':
        file.referredBy = c.referrer.id;
        if (c.prospect) file.source ??= 'referral';
        entry('referredBy', c.by, `referred by ${c.referrer.name} (${c.referrer.id})${c.prospect ? ': new prospect file' : ''}`, { customerId: c.referrer.id });
        break;
      case 'assessment':
        for (const axis of ['ability', 'willingness'] as const) {
          const level = c[axis];
          if (level) assessments[axis] = { level, at, by: c.by, evidence: c.evidence };
        }
        entry(
          'assessment',
          c.by,
          `assessed ${[c.ability ? `ability ${c.ability}` : '', c.willingness ? `willingness ${c.willingness}` : ''].filter(Boolean).join(', ')}: ${c.evidence}`,
          { ...(c.ability ? { ability: c.ability } : {}), ...(c.willingness ? { willingness: c.willingness } : {}), evidence: c.evidence },
        );
        break;
      case 'careSms':
        care = c.care;
        entry('careSms', 'foster', `care SMS ${c.template}${c.occasion ? ` for ${c.occasion}` : ''}`, {
          smsId: c.smsId,
          template: c.template,
          day: c.day,
          ...(c.occasion ? { occasion: c.occasion } : {}),
        });
        break;
      case 'fileOpened':
        file.source ??= c.source;
        entry('fileOpened', c.by, `file opened, source ${c.source}`, { source: c.source });
        break;
      case 'upload': {
        const by = `upload:${c.source ?? file.source ?? 'core'}`;
        if (c.source && c.source !== file.source && !(file.source === 'referral' && !c.isNew)) file.source = c.source;
        const uploaded = { ...file.uploaded };
        const changed: Partial<Record<'ability' | 'willingness', Level>> = {};
        for (const axis of ['ability', 'willingness'] as const) {
          const level = c[axis];
          if (level && level !== uploaded[axis]) {
            changed[axis] = level;
            uploaded[axis] = level;
            assessments[axis] = { level, at, by, evidence: 'value in the uploaded data' };
          }
        }
        file.uploaded = uploaded;
        if (c.isNew) entry('fileOpened', by, `file opened${file.source ? `, source ${file.source}` : ''}`, { ...(file.source ? { source: file.source } : {}) });
        if (changed.ability || changed.willingness) {
          entry(
            'assessment',
            by,
            `the upload says ${Object.entries(changed)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
            changed,
          );
        }
        if (c.care && !file.careRequested) {
          file.careRequested = true;
          if (file.programme !== 'running') farm('the upload asked for routine care');
        }
        break;
      }
    }
  }

  // Evidence that left the window no longer counts.
  const since = new Date(now.getTime() - s.willingnessWindowDays * 86_400_000).toISOString();
  const inWindow = signals.filter((x) => x.at >= since).sort((a, b) => a.at.localeCompare(b.at));
  const evaluation = evaluateSegment(
    { policies: profile.policies, signals: inWindow, assessments, ...(file.optedOutAt ? { optedOutAt: file.optedOutAt } : {}) },
    s,
  );
  for (const axis of evaluation.contradicted) delete assessments[axis];
  const before = file.segment;
  const changed = !before || before.quadrant !== evaluation.quadrant;
  const segment: Segment = {
    quadrant: evaluation.quadrant,
    ability: evaluation.ability,
    willingness: evaluation.willingness,
    abilityBasis: evaluation.abilityBasis,
    willingnessBasis: evaluation.willingnessBasis,
    reason: evaluation.reason,
    since: changed ? at : before.since,
  };
  if (changed) {
    entry(
      'quadrant',
      'foster',
      before ? `quadrant ${before.quadrant} -> ${segment.quadrant}: ${segment.reason}` : `quadrant ${segment.quadrant}: ${segment.reason}`,
      {
        before: before?.quadrant ?? null,
        after: segment.quadrant,
        reason: segment.reason,
      },
    );
  }
  const oldest = inWindow[0];
  const next: CustomerFile = {
    ...file,
    updatedAt: at,
    version: (file.version ?? 0) + 1,
    segment,
    assessments,
    signals: inWindow,
    care,
  };
  if (oldest) next.segmentDueOn = addDays(localDate(oldest.at), s.willingnessWindowDays + 1);
  else delete next.segmentDueOn;
  if (!assessments.ability && !assessments.willingness) delete next.assessments;
  return { file: next, history, was: standingOf(stored) };
}
