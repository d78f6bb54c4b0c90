import type { CustomerFile, CustomerProfile } from '../domain/customer.js';
import type { HistoryEntry } from '../domain/history.js';
import type { SmsMessage } from '../domain/sms.js';
import type { FileStanding } from '../domain/team.js';

// The customer file's part of the persistence port (issue 12): files with their history entries,
// the day buckets of re-segmentation and care planning, and the lookups an upload needs to merge a
// referral prospect. Store extends it; lib/adapters/dynamodb/file-store.ts implements it.

/** Shards of the care and re-segmentation day buckets (a day can bring 100,000 customers). */
export const FILE_SHARDS = 16;

/** One customer's file change: the new file (written only if the stored version is `version - 1`) and what goes with it. */
export interface FileWrite {
  file: CustomerFile;
  history: HistoryEntry[];
  /**
   * The standing of the file as read (version - 1): the agent's quadrant counters move from it to
   * the new file's in the same transaction (applyContacts gives it).
   */
  was: FileStanding;
  sms?: SmsMessage[];
  /** A new customer (a referral prospect): created only if the id is free, with its phone marker. */
  createProfile?: CustomerProfile;
  /** An upload took over a prospect: its own id points at the prospect's file, the phone marker goes. */
  merge?: { coreId: string; phone: string };
}

/** A profile and file, as read together. */
export interface CustomerFiles {
  profile?: CustomerProfile;
  file?: CustomerFile;
}

export interface FileStore {
  /** Profiles and files by customer id, one BatchGet per 50 customers. */
  getCustomerFiles(ids: readonly string[]): Promise<Map<string, CustomerFiles>>;
  /**
   * Writes each change in its own transaction group (several share a transaction); a changed version
   * refuses that customer only. `together`: all in one transaction, all refused if one is.
   * `indexed`: agents whose state item (quadrant counters) enters the month-end index, as active
   * agents' do; others' items are counted but left out (or in) as they are.
   */
  commitFiles(writes: readonly FileWrite[], options?: { together?: boolean; indexed?: ReadonlySet<string> }): Promise<{ saved: string[]; refused: string[] }>;
  /** A page of a customer's history, newest first. */
  historyPage(customerId: string, options: { limit: number; cursor?: string }): Promise<{ items: HistoryEntry[]; next?: string }>;
  /** Files whose care slot is on or before `upTo` in one shard, oldest slot first (at most `limit`). */
  careDue(shard: number, upTo: string, limit: number): Promise<CustomerFile[]>;
  /** Files with evidence leaving the window on or before `upTo` in one shard. */
  segmentsDue(shard: number, upTo: string, limit: number): Promise<CustomerFile[]>;
  /** For an upload: stored files by id, aliases of core ids, and prospects by phone; one BatchGet per 100 keys. */
  uploadLookup(
    ids: readonly string[],
    phones: readonly string[],
  ): Promise<{ files: Map<string, CustomerFile>; aliases: Map<string, string>; prospects: Map<string, string> }>;
}
