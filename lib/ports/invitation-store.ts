import type { SmsMessage } from '../domain/sms.js';
import type { Visit } from '../domain/visit.js';

// First invitations (一五天): visits 1 still without any attempt sit in a day bucket keyed by the
// day their invitation window closes; the reminder run reads past buckets and marks what it texted.

export interface InvitationStore {
  /** Visits 1 whose first-invitation window closed on `closedOn` (YYYY-MM-DD) with no attempt and no reminder yet. */
  visitsAwaitingFirstInvitation(closedOn: string): Promise<Visit[]>;
  /**
   * Marks each visit reminded (each only if unchanged since read) and queues `sms`, in one
   * transaction: false when any visit changed meanwhile or the text exists (nothing written).
   */
  remindFirstInvitation(visits: readonly Visit[], sms: SmsMessage, at: string): Promise<boolean>;
}
