import { applyContacts, type Contact } from '../../domain/customer-file.js';
import type { Deps } from '../../ports/deps.js';
import type { CustomerFiles, FileWrite } from '../../ports/file-store.js';

// The one way a use case changes a customer file: the contacts it saw, applied to the file as read
// (evidence, history entries, the segment re-evaluated), as a FileWrite to commit in the same
// transaction as the state change that caused them. The write is conditioned on the version read.

type FileDeps = Pick<Deps, 'store' | 'clock' | 'config'>;

/** The file change for `contacts` on a customer read as `known` (undefined when there is no profile). */
export function fileWriteOf(deps: Pick<FileDeps, 'clock' | 'config'>, known: CustomerFiles | undefined, contacts: readonly Contact[]): FileWrite | undefined {
  if (!known?.profile) return undefined;
  const { file, history, was } = applyContacts(known.profile, known.file, contacts, deps.clock.now(), deps.config);
  return { file, history, was };
}

/** Reads the customer's profile and file (one BatchGet) and returns the change for `contacts`. */
export async function contactWrite(deps: FileDeps, customerId: string, contacts: readonly Contact[]): Promise<FileWrite | undefined> {
  const known = (await deps.store.getCustomerFiles([customerId])).get(customerId);
  return fileWriteOf(deps, known, contacts);
}
