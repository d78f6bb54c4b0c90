// Every entity of the single table and every way it is read, in one place.
//
// | entity            | pk                    | sk                          | gsi1 (pk / sk)                            | gsi2                              | gsi3                                  | gsi4                                   |
// |-------------------|-----------------------|-----------------------------|-------------------------------------------|-----------------------------------|---------------------------------------|----------------------------------------|
// | Staff             | STAFF#<id>            | STAFF                       | TEAM#<supervisorId> / STAFF#<id> staffByTeam | DEPT#<deptId> / STAFF#<id> staffByDept | DISTRICT#<districtId> / STAFF#<id> staffByDistrict | FALLBACK#<region>#<kind> / <id> fallbackByRegion (active collectors, service clerks) |
// | Agent month       | STAFF#<id>            | MONTH#<yyyy-mm>             |                                           |                                   |                                       |                                        |
// | Customer profile  | CUST#<id>             | PROFILE                     | AGENT#<agentId> / CUST#<id> customersByAgent | PHONE#<e164> / CUST#<id> customerByPhone |                                |                                        |
// | Customer file     | CUST#<id>             | FILE                        |                                           |                                   | SEGDUE#<0-15> / <day>#<customerId> segmentsDue (sparse) | CARE#<0-15> / <nextOn>#<customerId> careDue (sparse) |
// | Assignment        | CUST#<customerId>     | ASSIGN#<departedAgentId>    | OWNER#<ownerId>#<s> / <state>#<deadline>#<id> assignmentsByOwner | DEPT#<deptId>#<s> / A#<state>#<deadline>#<id> assignmentsByDept | DISTRICT#<districtId>#<s> / A#<state>#... assignmentsByDistrict | DEADLINE#<yyyy-mm-dd>#<s> / <deadline>#<id> preAssignedByDeadline (sparse) |
// | Visit             | CUST#<customerId>     | VISIT#<departedAgentId>#<n> | ORPHANS#<agentId> / <customerId>#<n> visitsByAgent | UNTRIED<1|2>#<districtId>#<s> / <dueOn>#<id> untriedVisits (sparse: open, no attempt) or RETRY#<yyyy-mm-dd>#<s> / <id> retryRemindersByDay (sparse: open, refused attempt) | MSGID#<ratingRequestProviderId> / VISIT visitByRatingRequest | DUE#<yyyy-mm-dd>#<s> / <id> openVisitsByDueDay (sparse) |
// | SMS (outbox)      | SMS#<id>              | SMS                         |                                           |                                   | MSGID#<providerMessageId> / SMS smsByProviderId | OUTBOX#<0-7> / <sendAfter>#<id> queuedSms (sparse, sharded) |
// | Failed text       | CUST#<customerId>     | FAILEDSMS#<smsId>           | (read with the customer's item collection: the customer file shows texts that did not reach them) |
// | Opt-out           | OPTOUT#<e164>         | OPTOUT                      |                                           |                                   |                                       |                                        |
// | Inbound SMS       | INBOUND#<id>          | INBOUND                     |                                           |                                   |                                       | UNMATCHED#<districtId|unknown> / <receivedAt>#<id> unmatchedReplies (sparse) |
// | History entry     | HIST#<customerId>     | <at>#<id>                   |                                           |                                   |                                       |                                        |
// | Prospect phone    | PROSPECT#<e164>       | PROSPECT                    |                                           |                                   |                                       |                                        |
// | Customer alias    | ALIAS#<coreId>        | ALIAS                       |                                           |                                   |                                       |                                        |
// | Agent state       | STAFF#<id>            | STATE                       |                                           |                                   |                                       | AGENTSTATE#<0-7> / <agentId> agentStates (sharded) |
// | Month-end marker  | META                  | MONTHEND#<yyyy-mm>          |                                           |                                   |                                       |                                        |
// | Export job        | EXPORT#<id>           | JOB / PART#<n>              |                                           |                                   |                                       |                                        |
// | Schema version    | META                  | SCHEMA                      |                                           |                                   |                                       |                                        |
// | Local schedule    | LSCHED#<name>         | LSCHED                      |                                           |                                   |                                       | LSCHED / <at>#<name> dueLocalSchedules (sparse, local only) |
// | Job               | JOB#<id>              | JOB                         |                                           |                                   |                                       |                                        |
// | Daily run marker  | RUN#<name>#<yyyy-mm-dd> | RUN                       |                                           |                                   |                                       |                                        |
//
// The customer file (issue 12): the FILE item also carries gsi3 SEGDUE#<0-15> / <day>#<customerId>
// segmentsDue (sparse: the day its oldest signal leaves the window, re-evaluated then) and gsi4
// CARE#<0-15> / <nextOn>#<customerId> careDue (sparse: farmed, not opted out, no visit programme
// running; the day's care planning reads everything due up to today). History lives in its own
// partition, newest first by sort key, so the customer's hot reads (the CUST# query, the visit and
// reply paths) never touch it. A referral prospect's phone (PROSPECT#) lets an upload with the same
// phone update the prospect's file; the upload's own id then points at it (ALIAS#). The FILE item
// is the only customer-file item type on gsi3 (SEGDUE#) and gsi4 (CARE#): the other gsi3/gsi4 uses
// (INVITE#, MSGID#, DISTRICT#, OUTBOX#...) are on other item types, with other partition prefixes.
//
// Team (metrics, alerts, export): the agent state item holds what is true of an agent's customers
// now (customers awaiting a first contact per approval day, unreachable, maintenance), moved by the
// same transactions that move the visits; the daily run copies it into the month item at month end
// (`stateAtEnd`). It also counts the customer files naming the agent by quadrant (`quadrant#<q>`),
// moved by every transaction that writes a file's segment or hands it to another agent (an
// approval); a departure clears the rest and takes the item out of agentStates, but these counts
// stay until each file is handed on. Open visits without an attempt sit in untriedVisits by district and due day
// (UNTRIED1# for visit 1, UNTRIED2# for visits 2 and 3), which the alerts read newest first.
//
// The source process's own records (visit 3 only without a sale, first invitations, issued policies):
// | entity            | pk                    | sk                          | index                                                                 |
// |-------------------|-----------------------|-----------------------------|-----------------------------------------------------------------------|
// | Visit (1)         | (as above)            |                             | gsi3 INVITE#<yyyy-mm-dd>#<0-3> / <agentId>#<visitId> visitsAwaitingFirstInvitation (sparse: visit 1 open, no attempt, not reminded; keyed by the day its invitation window closes, sharded) |
// | Issued policy     | POLICY#<policyId>     | ISSUED                      | none: read by key to count a policy once (承保 counted for an agent-month) |

// Staff and assignments share the DEPT# / DISTRICT# prefixes of gsi2 and gsi3; assignments add a
// shard (`DEPT#<deptId>#<shard>`) and their sort keys start with A#, so each access pattern reads
// only its own items.
//
// Two uses of one GSI on one item never meet: on a visit, gsi2 carries untriedVisits while no attempt
// is recorded and retryRemindersByDay only after a refused one; gsi3 carries
// visitsAwaitingFirstInvitation only while visit 1 is open and untried, visitByRatingRequest once done.
//
// Write shards (see SHARDS below): OWNER#, DEPT#, DISTRICT# (assignments), DEADLINE#, DUE#, RETRY#
// and UNTRIED# keys end in `#<shard>`, the shard being a stable hash of the item's id; readers query every
// shard in parallel and merge in sort-key order.

/**
 * Write shards per hot index key, and why. DynamoDB serves about 1,000 write units a second per
 * partition, on a GSI as on the table, and a throttled GSI throttles the table writes feeding it.
 * A 10,000-orphan departure writes 10,000 assignments in about two seconds (100-item transactions,
 * 8 in flight); each of them lands on the same supervisor (OWNER#), department (DEPT#), district
 * (DISTRICT#) and deadline day (DEADLINE#), and every state change rewrites the entry (a delete and
 * a put when the sort key changes). The approval of the same 10,000 opens 10,000 first visits due on
 * one day (DUE#). At ~5,000 writes/s per key, 8 shards keep each partition under 1,000/s with room
 * for the rewrite; more would only multiply the reads (a reader queries every shard, so a list
 * page costs 8 queries). RETRY# (visits refused yesterday) holds far fewer, but it is written in
 * the same bursts of agent activity and read by the same daily run, so it uses the same count.
 * UNTRIED# (open visits never tried, by district) takes the same 10,000 first visits of an
 * approval burst into one district partition, and loses each at its first attempt: 8 as well; the
 * managers' alerts read its shards newest first and merge them (shards.ts keyedShardPage).
 * INVITE# (first-invitation day bucket, 4 shards) and AGENTSTATE# (8) were sharded when made.
 * The outbox (OUTBOX#) was sharded 8 ways before; it keeps its own constant (items.ts).
 * Changing a count changes where items live: it needs a migration like v5-shard-index-keys.
 */
export const SHARDS = { owner: 8, dept: 8, district: 8, deadlineDay: 8, dueDay: 8, retryDay: 8, untried: 8 } as const;

/** The shard (0..shards-1) of an id: a stable string hash, the same in every process. */
export function shardOf(id: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(31, h) + id.charCodeAt(i)) | 0;
  return Math.abs(h) % shards;
}

/** Every partition key of a sharded index key, for a reader that fans out. */
export function shardKeys(prefix: string, shards: number): string[] {
  return Array.from({ length: shards }, (_, s) => `${prefix}#${s}`);
}

export const ENTITY = {
  staff: 'staff',
  agentMonth: 'agentMonth',
  customer: 'customer',
  customerFile: 'customerFile',
  assignment: 'assignment',
  visit: 'visit',
  sms: 'sms',
  optOut: 'optOut',
  failedText: 'failedText',
  inbound: 'inbound',
  localSchedule: 'localSchedule',
  job: 'job',
  runMarker: 'runMarker',
  history: 'history',
  prospect: 'prospect',
  alias: 'alias',
  agentState: 'agentState',
  monthEnd: 'monthEnd',
  exportJob: 'exportJob',
  exportPart: 'exportPart',
  issuedPolicy: 'issuedPolicy',
} as const;
export type Entity = (typeof ENTITY)[keyof typeof ENTITY];

/** Primary keys, by entity. */
export const keys = {
  staff: (id: string) => ({ pk: `STAFF#${id}`, sk: 'STAFF' }),
  agentMonth: (agentId: string, month: string) => ({ pk: `STAFF#${agentId}`, sk: `MONTH#${month}` }),
  customer: (id: string) => ({ pk: `CUST#${id}`, sk: 'PROFILE' }),
  customerFile: (id: string) => ({ pk: `CUST#${id}`, sk: 'FILE' }),
  customerCollection: (id: string) => `CUST#${id}`,
  assignment: (customerId: string, departedAgentId: string) => ({ pk: `CUST#${customerId}`, sk: `ASSIGN#${departedAgentId}` }),
  visit: (customerId: string, departedAgentId: string, n: number) => ({
    pk: `CUST#${customerId}`,
    sk: `VISIT#${departedAgentId}#${n}`,
  }),
  sms: (id: string) => ({ pk: `SMS#${id}`, sk: 'SMS' }),
  optOut: (phone: string) => ({ pk: `OPTOUT#${phone}`, sk: 'OPTOUT' }),
  /** A text that failed or was not delivered, in its customer's item collection (one per text: a retry of the write changes nothing). */
  failedText: (customerId: string, smsId: string) => ({ pk: `CUST#${customerId}`, sk: `FAILEDSMS#${smsId}` }),
  inbound: (id: string) => ({ pk: `INBOUND#${id}`, sk: 'INBOUND' }),
  localSchedule: (name: string) => ({ pk: `LSCHED#${name}`, sk: 'LSCHED' }),
  /** A background job (a large departure): read by id (`GET /admin/jobs/{id}`) and claimed by its worker. */
  job: (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' }),
  /** Written when a daily run (the reminders) finished a day, so the hourly sweep redoes only a missed one. */
  runMarker: (name: string, day: string) => ({ pk: `RUN#${name}#${day}`, sk: 'RUN' }),
  history: (customerId: string, at: string, id: string) => ({ pk: `HIST#${customerId}`, sk: `${at}#${id}` }),
  historyCollection: (customerId: string) => `HIST#${customerId}`,
  prospect: (phone: string) => ({ pk: `PROSPECT#${phone}`, sk: 'PROSPECT' }),
  alias: (coreId: string) => ({ pk: `ALIAS#${coreId}`, sk: 'ALIAS' }),
  agentState: (agentId: string) => ({ pk: `STAFF#${agentId}`, sk: 'STATE' }),
  /** Marks a month whose month-end state snapshot was taken. */
  monthEnd: (month: string) => ({ pk: 'META', sk: `MONTHEND#${month}` }),
  exportJob: (id: string) => ({ pk: `EXPORT#${id}`, sk: 'JOB' }),
  exportPart: (id: string, n: number) => ({ pk: `EXPORT#${id}`, sk: `PART#${String(n).padStart(5, '0')}` }),
  /** The marker of a policy counted as issued: written once, with the counter, in one transaction. */
  issuedPolicy: (policyId: string) => ({ pk: `POLICY#${policyId}`, sk: 'ISSUED' }),
  /** The schema version the table's data is in (lib/migrations). */
  schema: () => ({ pk: 'META', sk: 'SCHEMA' }),
};

/** Index keys, by access pattern. */
export const indexKeys = {
  staffByTeam: (supervisorId: string, id: string) => ({ gsi1pk: `TEAM#${supervisorId}`, gsi1sk: `STAFF#${id}` }),
  staffByDept: (deptId: string, id: string) => ({ gsi2pk: `DEPT#${deptId}`, gsi2sk: `STAFF#${id}` }),
  staffByDistrict: (districtId: string, id: string) => ({ gsi3pk: `DISTRICT#${districtId}`, gsi3sk: `STAFF#${id}` }),
  fallbackByRegion: (region: string, kind: string, id: string) => ({ gsi4pk: `FALLBACK#${region}#${kind}`, gsi4sk: id }),
  customersByAgent: (agentId: string, id: string) => ({ gsi1pk: `AGENT#${agentId}`, gsi1sk: `CUST#${id}` }),
  customerByPhone: (phone: string, id: string) => ({ gsi2pk: `PHONE#${phone}`, gsi2sk: `CUST#${id}` }),
  /** Sharded by assignment id (SHARDS.owner); readers: shardKeys(`OWNER#<ownerId>`, SHARDS.owner). */
  assignmentsByOwner: (ownerId: string, state: string, deadline: string, id: string) => ({
    gsi1pk: `OWNER#${ownerId}#${shardOf(id, SHARDS.owner)}`,
    gsi1sk: `${state}#${deadline}#${id}`,
  }),
  assignmentsByDept: (deptId: string, state: string, deadline: string, id: string) => ({
    gsi2pk: `DEPT#${deptId}#${shardOf(id, SHARDS.dept)}`,
    gsi2sk: `A#${state}#${deadline}#${id}`,
  }),
  assignmentsByDistrict: (districtId: string, state: string, deadline: string, id: string) => ({
    gsi3pk: `DISTRICT#${districtId}#${shardOf(id, SHARDS.district)}`,
    gsi3sk: `A#${state}#${deadline}#${id}`,
  }),
  preAssignedByDeadline: (deadlineDay: string, deadline: string, id: string) => ({
    gsi4pk: `DEADLINE#${deadlineDay}#${shardOf(id, SHARDS.deadlineDay)}`,
    gsi4sk: `${deadline}#${id}`,
  }),
  visitsByAgent: (agentId: string, customerId: string, n: number) => ({
    gsi1pk: `ORPHANS#${agentId}`,
    gsi1sk: `${customerId}#${n}`,
  }),
  openVisitsByDueDay: (dueOn: string, id: string) => ({ gsi4pk: `DUE#${dueOn}#${shardOf(id, SHARDS.dueDay)}`, gsi4sk: id }),
  /** Open visits whose agent was refused and gets a retry reminder on `day` (the daily reminder run). */
  retryRemindersByDay: (day: string, id: string) => ({ gsi2pk: `RETRY#${day}#${shardOf(id, SHARDS.retryDay)}`, gsi2sk: id }),
  smsByProviderId: (providerMessageId: string) => ({ gsi3pk: `MSGID#${providerMessageId}`, gsi3sk: 'SMS' }),
  /** The visit a sent rating request asks about, under the same MSGID# key as the message. */
  visitByRatingRequest: (providerMessageId: string) => ({ gsi3pk: `MSGID#${providerMessageId}`, gsi3sk: 'VISIT' }),
  /** Sharded: a 10,000-customer approval would otherwise queue every SMS on one index partition. */
  queuedSms: (shard: number, sendAfter: string, id: string) => ({ gsi4pk: `OUTBOX#${shard}`, gsi4sk: `${sendAfter}#${id}` }),
  unmatchedReplies: (districtId: string, receivedAt: string, id: string) => ({ gsi4pk: `UNMATCHED#${districtId}`, gsi4sk: `${receivedAt}#${id}` }),
  /**
   * Open visits with no attempt yet: visit 1 (`first`) and visits 2-3 apart, so each reads in due-day order.
   * Sharded by visit id (SHARDS.untried); readers: shardKeys(`UNTRIED<1|2>#<districtId>`, SHARDS.untried).
   */
  untriedVisits: (districtId: string, first: boolean, dueOn: string, id: string) => ({
    gsi2pk: `UNTRIED${first ? 1 : 2}#${districtId}#${shardOf(id, SHARDS.untried)}`,
    gsi2sk: `${dueOn}#${id}`,
  }),
  agentStates: (shard: number, agentId: string) => ({ gsi4pk: `AGENTSTATE#${shard}`, gsi4sk: agentId }),
  dueLocalSchedules: (at: string, name: string) => ({ gsi4pk: 'LSCHED', gsi4sk: `${at}#${name}` }),
  /** Sharded like the outbox: a day can bring 100,000 customers. */
  segmentsDue: (shard: number, day: string, customerId: string) => ({ gsi3pk: `SEGDUE#${shard}`, gsi3sk: `${day}#${customerId}` }),
  careDue: (shard: number, day: string, customerId: string) => ({ gsi4pk: `CARE#${shard}`, gsi4sk: `${day}#${customerId}` }),
  /**
   * Visits 1 still without an invitation attempt, by the day their first-invitation window closes (sharded: a burst approves thousands a day).
   * On gsi3, because gsi2 carries the same open untried visit in untriedVisits, and gsi3's other use on a visit
   * (visitByRatingRequest) only exists once the visit is done.
   */
  visitsAwaitingFirstInvitation: (closesOn: string, shard: number, agentId: string, visitId: string) => ({
    gsi3pk: `INVITE#${closesOn}#${shard}`,
    gsi3sk: `${agentId}#${visitId}`,
  }),
};

/** Shards of the first-invitation day bucket. */
export const INVITE_SHARDS = 4;

/** Attributes that are keys, stripped before an item becomes a domain object. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'entity', 'expiresAt'];

/** Drops the key attributes of an item. */
export function strip<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.includes(k)) out[k] = v;
  return out as T;
}
