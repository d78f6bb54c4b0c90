import type { CustomerProfile } from '../../domain/customer.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { ReferralInput, ReferralsQuery, type ReferralNode } from '../../domain/file-api.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import type { CustomerFiles } from '../../ports/file-store.js';
import { customerInScope, loadCustomerInScope } from './customer-access.js';
import { fileWriteOf } from './record-contact.js';
import { RELATIONSHIP_ROLES, STAFF_ROLES } from './roles.js';

// The chain: addReferral records that a customer brought someone, an existing customer or a new
// prospect (a file with source "referral", owned by the referrer's agent); both files and both
// histories change in one transaction, and the referrer's willingness gets the referral signal.
// referralTree shows who referred a customer and the tree of people they brought, N levels deep.

type FileDeps = Pick<Deps, 'store' | 'clock' | 'config'>;

const MAX_ANCESTORS = 50;

const prospectId = () => `PR-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;

export async function addReferral(deps: FileDeps, caller: Caller, id: unknown, body: unknown): Promise<{ id: string }> {
  const input = parseInput(ReferralInput, body);
  const referrer = await loadCustomerInScope(deps.store, caller, id, RELATIONSHIP_ROLES);
  const from = { id: referrer.profile.id, name: referrer.profile.name };

  if ('customerId' in input) {
    if (input.customerId === referrer.profile.id) throw new ConflictError('SELF_REFERRAL', 'a customer cannot refer themselves');
    const referred = (await deps.store.getCustomerFiles([input.customerId])).get(input.customerId);
    if (!referred?.profile) throw new NotFoundError('customer', input.customerId);
    if (referred.file?.referredBy) {
      throw new ConflictError('ALREADY_REFERRED', `customer ${input.customerId} was already referred by ${referred.file.referredBy}`, {
        referredBy: referred.file.referredBy,
      });
    }
    // The chain must stay a tree: the referred customer may not be among the referrer's ancestors.
    let up = referrer.file?.referredBy;
    for (let i = 0; up && i < MAX_ANCESTORS; i++) {
      if (up === input.customerId) throw new ConflictError('REFERRAL_CYCLE', `customer ${input.customerId} is already up the referrer's chain`);
      up = (await deps.store.getCustomerFiles([up])).get(up)?.file?.referredBy;
    }
    const to = { id: referred.profile.id, name: referred.profile.name };
    await commitBoth(deps, [
      fileWriteOf(deps, referrer, [{ kind: 'referral', referred: to, by: caller.sub }])!,
      fileWriteOf(deps, referred, [{ kind: 'referredBy', referrer: from, by: caller.sub, prospect: false }])!,
    ]);
    return { id: to.id };
  }

  const known = await deps.store.customersByPhone(input.phone);
  if (known.length) {
    throw new ConflictError('ALREADY_A_CUSTOMER', `the phone number belongs to customer ${known[0]!.id}: refer them by customerId`, {
      customerId: known[0]!.id,
    });
  }
  const profile: CustomerProfile = {
    id: prospectId(),
    name: input.name,
    phone: input.phone,
    region: input.region ?? referrer.profile.region,
    agentId: referrer.profile.agentId,
    source: 'referral',
    policies: [],
  };
  const prospect = fileWriteOf(deps, { profile }, [
    { kind: 'fileOpened', source: 'referral', by: caller.sub },
    { kind: 'referredBy', referrer: from, by: caller.sub, prospect: true },
  ])!;
  await commitBoth(deps, [
    fileWriteOf(deps, referrer, [{ kind: 'referral', referred: { id: profile.id, name: profile.name }, by: caller.sub }])!,
    { ...prospect, createProfile: profile },
  ]);
  return { id: profile.id };
}

async function commitBoth(deps: FileDeps, writes: Parameters<Deps['store']['commitFiles']>[0]) {
  const { refused } = await deps.store.commitFiles(writes, { together: true });
  if (refused.length) throw new ConflictError('CONCURRENT_CHANGE', 'a customer file changed meanwhile; try again');
}

export async function referralTree(deps: Pick<Deps, 'store'>, caller: Caller, id: unknown, rawQuery: unknown) {
  const { depth } = parseInput(ReferralsQuery, rawQuery ?? {});
  const root = await loadCustomerInScope(deps.store, caller, id, STAFF_ROLES);
  // Names only of customers the caller may see; others show as ids.
  const scope = new Map<string, Promise<boolean>>();
  const visible = (agentId: string) => {
    if (!scope.has(agentId)) scope.set(agentId, customerInScope(deps.store, caller, agentId));
    return scope.get(agentId)!;
  };
  const nodeOf = async (nodeId: string, known: CustomerFiles | undefined): Promise<ReferralNode> => ({
    id: nodeId,
    ...(known?.profile && (await visible(known.profile.agentId)) ? { name: known.profile.name } : {}),
    referred: [],
  });

  const referredBy = root.file?.referredBy;
  const parent = referredBy ? await nodeOf(referredBy, (await deps.store.getCustomerFiles([referredBy])).get(referredBy)) : undefined;

  const tree: ReferralNode[] = [];
  let level: { node: ReferralNode[]; ids: string[] }[] = [{ node: tree, ids: root.file?.referred ?? [] }];
  const seen = new Set([root.profile.id]);
  for (let d = 1; d <= depth && level.some((l) => l.ids.length); d++) {
    const ids = [...new Set(level.flatMap((l) => l.ids))].filter((x) => !seen.has(x));
    ids.forEach((x) => seen.add(x));
    const found = await deps.store.getCustomerFiles(ids);
    const nextLevel: typeof level = [];
    for (const l of level) {
      for (const childId of l.ids) {
        if (!ids.includes(childId)) continue;
        const known = found.get(childId);
        const node = await nodeOf(childId, known);
        l.node.push(node);
        nextLevel.push({ node: node.referred, ids: known?.file?.referred ?? [] });
      }
    }
    level = nextLevel;
  }
  return { id: root.profile.id, depth, ...(parent ? { referredBy: { id: parent.id, ...(parent.name ? { name: parent.name } : {}) } } : {}), referred: tree };
}
