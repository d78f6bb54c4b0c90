// Every entity of the single table and every way it is read, in one place.
//
// | entity            | pk                    | sk                          | gsi1 (pk / sk)                            | gsi2                              | gsi3                                  | gsi4                                   |
// |-------------------|-----------------------|-----------------------------|-------------------------------------------|-----------------------------------|---------------------------------------|----------------------------------------|
// | Staff             | STAFF#<id>            | STAFF                       | TEAM#<supervisorId> / STAFF#<id> staffByTeam | DEPT#<deptId> / STAFF#<id> staffByDept | DISTRICT#<districtId> / STAFF#<id> staffByDistrict | FALLBACK#<region>#<kind> / <id> fallbackByRegion (active collectors, service clerks) |
// | Agent month       | STAFF#<id>            | MONTH#<yyyy-mm>             |                                           |                                   |                                       |                                        |
// | Customer profile  | CUST#<id>             | PROFILE                     | AGENT#<agentId> / CUST#<id> customersByAgent | PHONE#<e164> / CUST#<id> customerByPhone |                                |                                        |
// | Customer file     | CUST#<id>             | FILE                        |                                           |                                   |                                       |                                        |
// | Assignment        | CUST#<customerId>     | ASSIGN#<departedAgentId>    | OWNER#<ownerId>#<s> / <state>#<deadline>#<id> assignmentsByOwner | DEPT#<deptId>#<s> / A#<state>#<deadline>#<id> assignmentsByDept | DISTRICT#<districtId>#<s> / A#<state>#... assignmentsByDistrict | DEADLINE#<yyyy-mm-dd>#<s> / <deadline>#<id> preAssignedByDeadline (sparse) |
// | Visit             | CUST#<customerId>     | VISIT#<departedAgentId>#<n> | ORPHANS#<agentId> / <customerId>#<n> visitsByAgent | RETRY#<yyyy-mm-dd>#<s> / <id> retryRemindersByDay (sparse) | MSGID#<ratingRequestProviderId> / VISIT visitByRatingRequest | DUE#<yyyy-mm-dd>#<s> / <id> openVisitsByDueDay (sparse) |
// | SMS (outbox)      | SMS#<id>              | SMS                         |                                           |                                   | MSGID#<providerMessageId> / SMS smsByProviderId | OUTBOX#<0-7> / <sendAfter>#<id> queuedSms (sparse, sharded) |
// | Opt-out           | OPTOUT#<e164>         | OPTOUT                      |                                           |                                   |                                       |                                        |
// | Inbound SMS       | INBOUND#<id>          | INBOUND                     |                                           |                                   |                                       | UNMATCHED#<districtId|unknown> / <receivedAt>#<id> unmatchedReplies (sparse) |
// | Schema version    | META                  | SCHEMA                      |                                           |                                   |                                       |                                        |
// | Local schedule    | LSCHED#<name>         | LSCHED                      |                                           |                                   |                                       | LSCHED / <at>#<name> dueLocalSchedules (sparse, local only) |
// | Job               | JOB#<id>              | JOB                         |                                           |                                   |                                       |                                        |
// | Daily run marker  | RUN#<name>#<yyyy-mm-dd> | RUN                       |                                           |                                   |                                       |                                        |
//
// Staff and assignments share the DEPT# / DISTRICT# prefixes of gsi2 and gsi3; assignments add a
// shard (`DEPT#<deptId>#<shard>`) and their sort keys start with A#, so each access pattern reads
// only its own items.
//
// Write shards (see SHARDS below): OWNER#, DEPT#, DISTRICT# (assignments), DEADLINE#, DUE# and
// RETRY# keys end in `#<shard>`, the shard being a stable hash of the item's id; readers query every
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
 * The outbox (OUTBOX#) was sharded 8 ways before; it keeps its own constant (items.ts).
 * Changing a count changes where items live: it needs a migration like v2-shard-index-keys.
 */
export const SHARDS = { owner: 8, dept: 8, district: 8, deadlineDay: 8, dueDay: 8, retryDay: 8 } as const;

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
  inbound: 'inbound',
  localSchedule: 'localSchedule',
  job: 'job',
  runMarker: 'runMarker',
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
  inbound: (id: string) => ({ pk: `INBOUND#${id}`, sk: 'INBOUND' }),
  localSchedule: (name: string) => ({ pk: `LSCHED#${name}`, sk: 'LSCHED' }),
  /** A background job (a large departure): read by id (`GET /admin/jobs/{id}`) and claimed by its worker. */
  job: (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' }),
  /** Written when a daily run (the reminders) finished a day, so the hourly sweep redoes only a missed one. */
  runMarker: (name: string, day: string) => ({ pk: `RUN#${name}#${day}`, sk: 'RUN' }),
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
  dueLocalSchedules: (at: string, name: string) => ({ gsi4pk: 'LSCHED', gsi4sk: `${at}#${name}` }),
};

/** Attributes that are keys, stripped before an item becomes a domain object. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'entity', 'expiresAt'];

/** Drops the key attributes of an item. */
export function strip<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.includes(k)) out[k] = v;
  return out as T;
}
