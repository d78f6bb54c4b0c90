import type { CustomerFile, CustomerProfile } from '../../domain/customer.js';
import { applyContacts } from '../../domain/customer-file.js';
import type { Deps } from '../../ports/deps.js';
import type { FileWrite } from '../../ports/file-store.js';

// After an upload: each customer's file learns what the data says (a new file is opened with its
// source; an uploaded ability or willingness that changed is an assessment by the data's source,
// dated now; `care: true` asks the farm to take a customer who never was an orphan) and the
// segment is re-evaluated on the new policies. The file follows the agent the upload names, so the
// quadrant counters count every agent's current customers. Files with nothing new are not written.

const ROUNDS = 3;

export async function syncUploadedFiles(
  deps: Pick<Deps, 'store' | 'clock' | 'config'>,
  customers: readonly CustomerProfile[],
  /** The stored files by (resolved) customer id, as read by the upload. */
  stored: ReadonlyMap<string, CustomerFile>,
  merges: ReadonlyMap<string, { coreId: string; phone: string }>,
  /** The upload's agents who are active: their counters enter the month-end index. */
  activeAgents: ReadonlySet<string> = new Set(),
): Promise<void> {
  const now = deps.clock.now();
  let files = new Map(stored);
  let pending = [...customers];
  for (let round = 0; round < ROUNDS && pending.length; round++) {
    const writes: FileWrite[] = [];
    for (const profile of pending) {
      const before = files.get(profile.id);
      const applied = applyContacts(
        profile,
        before,
        [
          {
            kind: 'upload',
            isNew: !before,
            ...(profile.source ? { source: profile.source } : {}),
            ...(profile.care ? { care: true } : {}),
            ...(profile.ability ? { ability: profile.ability } : {}),
            ...(profile.willingness ? { willingness: profile.willingness } : {}),
          },
        ],
        now,
        deps.config,
      );
      const { history, was } = applied;
      const file = withAgent(applied.file, profile.agentId);
      const merge = merges.get(profile.id);
      if (!before || history.length || merge || file.segment?.reason !== before.segment?.reason || file.agentId !== before.agentId)
        writes.push({ file, history, was, ...(merge ? { merge } : {}) });
    }
    const { refused } = await deps.store.commitFiles(writes, { indexed: activeAgents });
    if (!refused.length) return;
    // A contact changed a file meanwhile: read those again and retry.
    const again = await deps.store.getCustomerFiles(refused);
    files = new Map([...again].flatMap(([id, k]) => (k.file ? [[id, k.file] as const] : [])));
    pending = pending.filter((c) => refused.includes(c.id));
  }
  if (pending.length) throw new Error(`customer files kept changing during the upload: ${pending.map((c) => c.id).join(', ')}`);
}

/**
 * The file under the agent the upload names. A change of agent by the core system is not foster's
 * approval, so the day issued policies count from (`agentSince`, set by an approval) is dropped.
 */
function withAgent(file: CustomerFile, agentId: string): CustomerFile {
  if (file.agentId === agentId) return file;
  const { agentSince: _, ...rest } = file;
  return { ...rest, agentId };
}
