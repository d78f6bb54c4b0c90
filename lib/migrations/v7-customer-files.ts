import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../domain/assignment.js';
import { enterFarm, perWeekOf } from '../domain/care.js';
import type { CustomerFile, CustomerProfile } from '../domain/customer.js';
import { applyContacts } from '../domain/customer-file.js';
import type { Signal } from '../domain/segment.js';
import { localDate } from '../domain/time.js';
import type { Visit } from '../domain/visit.js';
import { createConfig } from '../config.js';
import { fileWriteItems } from '../adapters/dynamodb/file-store.js';
import { ENTITY, keys, strip } from '../adapters/dynamodb/model.js';
import { batchGet, mapConcurrent, transactWrite } from '../adapters/dynamodb/operations.js';
import type { Migration } from './runner.js';

// v7: every customer gets the method's file (issue 12). For each customer profile: the evidence
// its visits already hold (invitations, visits done, ratings, sales, with their own dates) becomes
// the signals, an uploaded ability/willingness an assessment by the data, an opt-out on its number
// the file's opt-out; the segment is evaluated with the default settings; a customer whose visit
// programme ended (and whose number was not wrong) enters the farm and its care bucket. A file
// that already has a version (written by this code) is left alone, so a rerun changes nothing.

/** Signals of a customer's visit history, with their own dates. */
export function signalsOfVisits(visits: readonly Visit[]): Signal[] {
  const out: Signal[] = [];
  for (const v of visits) {
    if (v.state === 'cancelled') continue;
    for (const a of v.attempts) if (a.outcome === 'accepted' || a.outcome === 'refused') out.push({ at: a.at, kind: a.outcome });
    if (v.state === 'done' && v.completedAt) {
      out.push({ at: v.completedAt, kind: 'visitDone' });
      if (v.sold && v.sold !== 'none') out.push({ at: v.completedAt, kind: 'sale' });
    }
    if (v.rating !== undefined && v.ratedAt) out.push({ at: v.ratedAt, kind: 'rating', value: v.rating });
  }
  return out;
}

export const v7CustomerFiles: Migration = {
  version: 7,
  name: 'customer-files',
  async run(ctx) {
    const config = createConfig();
    const now = ctx.now;
    const today = localDate(now);
    let migrated = 0;
    await ctx.scan({ FilterExpression: 'entity = :e', ExpressionAttributeValues: { ':e': ENTITY.customer } }, async (items) => {
      const profiles = items.map((i) => strip<CustomerProfile>(i));
      const optOuts = new Set(
        (await batchGet(ctx.client, ctx.tableName, [...new Set(profiles.map((p) => p.phone))].map(keys.optOut))).map((i) => i.phone as string),
      );
      await mapConcurrent(profiles, 8, async (profile) => {
        const out = await ctx.client.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.customerCollection(profile.id) },
          }),
        );
        const rows = out.Items ?? [];
        const stored = rows.find((r) => r.entity === ENTITY.customerFile);
        if (stored && stored.version !== undefined) return; // already written by this code
        const visits = rows.filter((r) => r.entity === ENTITY.visit).map((r) => strip<Visit>(r));
        const assignments = rows.filter((r) => r.entity === ENTITY.assignment).map((r) => strip<Assignment>(r));
        const legacy = stored ? strip<CustomerFile>(stored) : undefined;
        const live = visits.filter((v) => v.state !== 'cancelled');
        const running = live.some((v) => v.state === 'open' || v.state === 'waiting');
        const base: CustomerFile = {
          ...(legacy ?? { customerId: profile.id, status: 'active', ratings: 0, ratingSum: 0, updatedAt: now.toISOString() }),
          signals: signalsOfVisits(visits),
          ...(optOuts.has(profile.phone) ? { optedOutAt: now.toISOString() } : {}),
          ...(assignments.length || visits.length ? { source: profile.source ?? 'orphan' } : profile.source ? { source: profile.source } : {}),
          ...(live.length ? { programme: running ? ('running' as const) : ('ended' as const) } : {}),
        };
        const { file, history } = applyContacts(
          profile,
          base,
          [
            {
              kind: 'upload',
              isNew: true,
              ...(profile.care ? { care: true } : {}),
              ...(profile.ability ? { ability: profile.ability } : {}),
              ...(profile.willingness ? { willingness: profile.willingness } : {}),
            },
          ],
          now,
          config,
        );
        // The farm takes a customer whose programme ended, unless the last visit ended on a wrong number.
        const last = [...live].sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''))[0];
        const wrongNumber = last?.state === 'unreachable' && last.attempts.some((a) => a.outcome === 'wrongNumber');
        if (live.length && !running && !file.optedOutAt) {
          if (wrongNumber) file.care = { ...file.care!, active: false, blocked: 'wrongNumber' };
          else
            file.care = enterFarm(
              file.care,
              today,
              profile.id,
              perWeekOf(file.segment?.quadrant, config.careCadence),
              'the visit programme had ended (migration v7)',
            );
        }
        for (const e of history) if (e.kind === 'fileOpened') e.summary = `${e.summary} (migration v7, from the data foster held)`;
        const result = await transactWrite(ctx.client, fileWriteItems(ctx.tableName, { file, history }));
        if (result.ok) migrated++;
      });
    });
    ctx.logger.info('customer files migrated', { migrated });
  },
};
