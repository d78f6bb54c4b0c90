import type { Assignment } from '../domain/assignment.js';
import type { CustomerFile, CustomerProfile } from '../domain/customer.js';
import type { FailedText, SmsMessage } from '../domain/sms.js';
import type { Staff } from '../domain/staff.js';
import type { Visit } from '../domain/visit.js';
import type { InboundRecord } from '../domain/inbound.js';
import type { BulkAssignmentStore } from './bulk-assignment-store.js';
import type { JobStore } from './job-store.js';
import type { ReminderStore } from './reminder-store.js';
import type { HistoryEntry } from '../domain/history.js';
import type { FileStore, FileWrite } from './file-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { FileStanding, QuadrantCounts, StateDelta } from '../domain/team.js';
import type { TeamStore } from './team-store.js';
import type { InvitationStore } from './invitation-store.js';
import type { IssuedStore } from './issued-store.js';

// The persistence port: one method per access pattern the use cases need, named after it.
// The DynamoDB adapter implements it on one table (lib/adapters/dynamodb); nothing outside the
// adapter knows about keys, indexes or SDK errors.

/** Everything stored under one customer: profile, foster's file, assignments and visits. */
export interface CustomerRecord {
  profile: CustomerProfile;
  file?: CustomerFile;
  assignments: Assignment[];
  visits: Visit[];
  /** Texts to the customer that failed or were not delivered (lib/ports/outbox-store.ts), oldest first. */
  failedTexts?: FailedText[];
}

/** An agent's counters for one month (Asia/Shanghai): cap reservations and what the metrics show. */
export interface AgentMonth {
  agentId: string;
  month: string;
  /** Orphans proposed to or approved for the agent this month: what the monthly cap counts. */
  reserved: number;
  /** Orphans approved for the agent this month. */
  assigned: number;
  attempts: number;
  visitsDone: number;
  ratingReplies: number;
  ratingSum: number;
  soldLife: number;
  soldCard: number;
  /** Rating requests queued (one per visit done), less those that never reached the customer. */
  ratingRequests: number;
  /** Rating requests that never reached the customer (refused by the provider, out of tries, or an undelivered receipt). */
  undelivered: number;
  /** Visits done, by number. */
  visitsDone1: number;
  visitsDone2: number;
  visitsDone3: number;
  /** Visits 3 done with the health test service. */
  healthTests: number;
  /** The agent's state figures as of the month's last day, written by the month-end run; absent before it. */
  stateAtEnd?: {
    lateInvitations: number;
    neverContacted: number;
    unreachable: number;
    maintenance: number;
    /** Absent in snapshots taken before the quadrant counters existed (schema v8). */
    quadrants?: QuadrantCounts;
    asOf: string;
  };
  /** Life and card policies issued (承保) for the agent's orphans this month, from policy uploads. */
  issuedLife: number;
  issuedCard: number;
}

/** Whose assignments a list shows. */
export type AssignmentScope = { ownerId: string } | { deptId: string } | { districtId: string };

export interface Page<T> {
  items: T[];
  next?: string;
}

/** Why a conditional write was refused. */
export type WriteRefusal = 'stateChanged' | 'capReached' | 'missing' | 'agentInactive' | 'fileChanged';

/** Moves an assignment to `state` with `agentId`, reserving a cap slot for the agent (and releasing the previous one). */
export interface ChooseAgent {
  assignment: Assignment;
  state: 'proposed' | 'reviewed';
  agentId: string;
  month: string;
  cap: number;
  at: string;
  by: string;
}

/** Everything one approval writes, atomically. */
export interface Approval {
  assignment: Assignment;
  agentId: string;
  month: string;
  at: string;
  by: string;
  escalated: boolean;
  visits: Visit[];
  customerSms: SmsMessage;
  /** The customer's history entry (the visit programme starts; care pauses meanwhile). */
  history?: HistoryEntry[];
  /** Moves of the agent's state counters this approval causes (summed per agent per transaction). */
  agentState?: StateDelta;
  /**
   * The customer file's standing as read before the approval: the file is handed to `agentId` only
   * while it still stands so (else refused as `fileChanged`, to be read again), and the quadrant
   * counters move from its agent to `agentId` in the same transaction.
   */
  fileWas: FileStanding;
}

export type CounterName =
  | 'attempts'
  | 'visitsDone'
  | 'ratingReplies'
  | 'ratingSum'
  | 'soldLife'
  | 'soldCard'
  | 'ratingRequests'
  | 'visitsDone1'
  | 'visitsDone2'
  | 'visitsDone3'
  | 'healthTests'
  | 'issuedLife'
  | 'issuedCard'
  | 'undelivered';

/** One change around visits, written atomically. */
export interface VisitChange {
  /** New versions; each is written only if the stored one is still `version - 1`. */
  visits: Visit[];
  counters?: { agentId: string; month: string; add: Partial<Record<CounterName, number>> }[];
  sms?: SmsMessage[];
  /** Changes to foster's customer file; `programmeEnded` marks the end of the visit programme. */
  file?: {
    customerId: string;
    at: string;
    status?: CustomerFile['status'];
    rating?: number;
    programmeEnded?: { at: string; reason: NonNullable<CustomerFile['programmeEndReason']> };
  };
  /** Moves of the agent's state counters (lib/domain/team.ts). */
  agentState?: { agentId: string; add: StateDelta };
  /** The customer file's next version with its history entries (issue 12); replaces `file` when given. */
  customerFile?: FileWrite;
}

/** What one inbound message changes, atomically; nothing at all if `record.id` was seen before. */
export interface InboundChange {
  record: InboundRecord;
  /** The visit's new version (rating or correction), written only if the stored one is `version - 1`. */
  visit?: Visit;
  counters?: VisitChange['counters'];
  file?: VisitChange['file'];
  optOut?: { phone: string; at: string };
  sms?: SmsMessage[];
  /** Customer files and their history entries (issue 12); replaces `file` when given. */
  customerFiles?: FileWrite[];
}

export interface Store extends BulkAssignmentStore, JobStore, ReminderStore, FileStore, TeamStore, InvitationStore, IssuedStore, OutboxStore {
  /** Several entities by id in one round trip (one BatchGet per 100 keys); unknown ids are absent. `files` are customer ids whose file to read. */
  getMany(ids: { staff?: readonly string[]; assignments?: readonly string[]; customers?: readonly string[]; files?: readonly string[] }): Promise<{
    staff: Map<string, Staff>;
    assignments: Map<string, Assignment>;
    customers: Map<string, CustomerProfile>;
    files: Map<string, CustomerFile>;
  }>;

  // Staff
  /** Staff by id; unknown ids are absent from the map. One BatchGet per 100 ids. */
  getStaff(ids: readonly string[]): Promise<Map<string, Staff>>;
  /** Upserts staff records (whole-record put). */
  putStaff(staff: readonly Staff[]): Promise<void>;

  // Customers
  /** Upserts customer profiles (whole-record put); foster's own file, visits and opt-outs are untouched. */
  putCustomers(profiles: readonly CustomerProfile[]): Promise<void>;
  /** One customer with everything under it, in one query; undefined when there is no profile. */
  getCustomerRecord(customerId: string): Promise<CustomerRecord | undefined>;
  /** Every customer profile whose agent is `agentId` (pages followed). */
  customersOfAgent(agentId: string): Promise<CustomerProfile[]>;
  /** Profiles by id; unknown ids are absent. */
  getCustomers(ids: readonly string[]): Promise<Map<string, CustomerProfile>>;

  // Staff by organisation
  /** Marks a staff member departed (first call sets departedAt; later calls return it unchanged). */
  markDeparted(staffId: string, at: string): Promise<Staff | undefined>;
  /** Agents whose supervisor is `supervisorId`. */
  staffOfTeam(supervisorId: string): Promise<Staff[]>;
  staffOfDept(deptId: string): Promise<Staff[]>;
  staffOfDistrict(districtId: string): Promise<Staff[]>;
  /** Active collectors or service clerks of a region. */
  fallbackStaff(region: string, kind: 'collector' | 'serviceClerk'): Promise<Staff[]>;
  /** The month's counters of each agent (zeros for agents without any). */
  getAgentMonths(agentIds: readonly string[], month: string): Promise<Map<string, AgentMonth>>;

  // Assignments
  /** Creates assignments that do not exist yet; existing ones are left as they are. */
  createAssignments(assignments: readonly Assignment[]): Promise<{ created: string[]; existing: string[] }>;
  getAssignment(id: string): Promise<Assignment | undefined>;
  getAssignments(ids: readonly string[]): Promise<Map<string, Assignment>>;
  listAssignments(scope: AssignmentScope, options: { state?: string; limit: number; cursor?: string }): Promise<Page<Assignment>>;
  /** Proposal or review: one transaction over the assignment and the cap counters. */
  chooseAgent(change: ChooseAgent): Promise<{ ok: true; assignment: Assignment } | { ok: false; refusal: WriteRefusal }>;
  /**
   * Approves many; each id commits with its customer change, visits and SMS, or is refused alone.
   * Each agent's count SMS is written with the counter it reports: `monthTotal` is the agent's
   * approvals this month including these (read, then written on condition the counter did not move).
   */
  approve(
    approvals: readonly Approval[],
    agentSms: (agentId: string, count: number, monthTotal: number) => SmsMessage,
  ): Promise<{ approved: string[]; refused: { id: string; refusal: WriteRefusal }[] }>;
  /** preAssigned assignments whose deadline falls on `deadlineDay` and is at or before `upTo`, plus those already overdue. */
  assignmentsByDeadline(deadlineDay: string, upTo: string): Promise<Assignment[]>;
  /** preAssigned -> overdue, each conditionally. */
  markOverdue(assignments: readonly Assignment[], at: string): Promise<{ marked: string[] }>;

  // Visits
  getVisit(visitId: string): Promise<Visit | undefined>;
  /** Open visits due on a day (YYYY-MM-DD). */
  openVisitsDueOn(day: string): Promise<Visit[]>;
  /** Every visit (any state but cancelled) whose agent is `agentId`. */
  visitsOfAgent(agentId: string): Promise<Visit[]>;
  /** Saves new versions of visits, each only if its stored version is still `version - 1`. */
  saveVisits(visits: readonly Visit[]): Promise<{ saved: string[]; refused: string[] }>;

  /** Writes a VisitChange in one transaction; false when a visit changed meanwhile (nothing written). */
  commitVisitChange(change: VisitChange): Promise<boolean>;

  // Inbound SMS
  /** Writes an InboundChange: 'duplicate' when the message was recorded before, 'conflict' when the visit changed meanwhile. */
  recordInbound(change: InboundChange): Promise<'recorded' | 'duplicate' | 'conflict'>;
  getInbound(id: string): Promise<InboundRecord | undefined>;
  /** Replies nobody could match (or parse), newest first, for a district ('unknown' for numbers of no customer). */
  unmatchedReplies(districtId: string, limit: number): Promise<InboundRecord[]>;
  /** What a gateway message id points at: the outbound message and, for a rating request, its visit. One query. */
  byProviderId(providerMessageId: string): Promise<{ sms?: SmsMessage; visit?: Visit }>;
  /** Customers with this phone number (E.164). */
  customersByPhone(phone: string): Promise<CustomerProfile[]>;

  // SMS outbox
  /** Queues messages that do not exist yet (deterministic ids make a retry a no-op). */
  queueSms(messages: readonly SmsMessage[]): Promise<void>;
  /** Queued messages whose sendAfter is at or before `upTo`, oldest first. */
  dueSms(upTo: string, limit: number): Promise<SmsMessage[]>;
  getSms(ids: readonly string[]): Promise<SmsMessage[]>;
  /** The subset of `phones` that opted out. */
  optedOut(phones: readonly string[]): Promise<Set<string>>;
}
