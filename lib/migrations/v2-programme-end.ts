import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ENTITY, keys, strip } from '../adapters/dynamodb/model.js';
import { visitItem, visitKey } from '../adapters/dynamodb/items.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { createConfig } from '../config.js';
import { addDays } from '../domain/time.js';
import type { Assignment } from '../domain/assignment.js';
import type { Visit } from '../domain/visit.js';
import type { Migration, MigrationContext } from './runner.js';

// v2: the source process, faithfully (issue 10), on data written before it.
// 1. Customer files learn the agent each approved customer was handed to and since when
//    (`agentId`, `agentSince`: issued policies count from then), the latest approval winning.
// 2. A visit 3 opened after a sale at visit 2 is cancelled (`cancelReason: soldAtVisit2`), and the
//    file records the end of the programme (`programmeEndedAt`, `programmeEndReason`, status
//    maintenance); a visit 3 that ended records it too (`visit3Ended`), unless a newer programme began.
// 3. Visits 1 still open and untried get `invitationDueBy`, so the first-invitation reminder sees them.
// Every write is conditional on what it changes not being there yet: a rerun changes nothing.

const { firstInvitationDays } = createConfig();
/** Visit 1 falls due 15 days after the approval day (lib/domain/time.ts visitDueDates). */
const VISIT1_AFTER_APPROVAL_DAYS = 15;

async function ignoringRefusal(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** The file update recording the programme's end; `guarded`: unless already recorded or a newer programme began after `at`. */
function programmeEndUpdate(tableName: string, customerId: string, at: string, reason: 'soldAtVisit2' | 'visit3Ended', guarded = true) {
  return {
    TableName: tableName,
    Key: keys.customerFile(customerId),
    UpdateExpression:
      'SET customerId = :cid, entity = :entity, programmeEndedAt = :at, programmeEndReason = :reason, #status = :maintenance, updatedAt = :at, ' +
      'ratings = if_not_exists(ratings, :zero), ratingSum = if_not_exists(ratingSum, :zero)',
    ...(guarded ? { ConditionExpression: 'attribute_not_exists(programmeEndedAt) AND (attribute_not_exists(agentSince) OR agentSince <= :at)' } : {}),
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':cid': customerId,
      ':entity': ENTITY.customerFile,
      ':at': at,
      ':reason': reason,
      ':maintenance': 'maintenance',
      ':zero': 0,
    },
  };
}

async function recordApprovals(ctx: MigrationContext): Promise<void> {
  const { client, tableName } = ctx;
  await ctx.scan(
    {
      FilterExpression: 'entity = :assignment AND #state = :approved',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':assignment': ENTITY.assignment, ':approved': 'approved' },
    },
    async (items) => {
      await mapConcurrent(items, 8, async (item) => {
        const a = strip<Assignment>(item);
        if (!a.agentId || !a.approvedAt) return;
        await ignoringRefusal(() =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.customerFile(a.customerId),
              UpdateExpression:
                'SET customerId = :cid, entity = :entity, agentId = :agent, agentSince = :at, #status = if_not_exists(#status, :active), ' +
                'updatedAt = if_not_exists(updatedAt, :at), ratings = if_not_exists(ratings, :zero), ratingSum = if_not_exists(ratingSum, :zero)',
              ConditionExpression: 'attribute_not_exists(agentSince) OR agentSince < :at',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':cid': a.customerId,
                ':entity': ENTITY.customerFile,
                ':agent': a.agentId,
                ':at': a.approvedAt,
                ':active': 'active',
                ':zero': 0,
              },
            }),
          ),
        );
      });
    },
  );
}

async function fixVisits(ctx: MigrationContext): Promise<void> {
  const { client, tableName } = ctx;
  let cancelled = 0;
  await ctx.scan({ FilterExpression: 'entity = :visit', ExpressionAttributeValues: { ':visit': ENTITY.visit } }, async (items) => {
    await mapConcurrent(items, 8, async (item) => {
      const v = strip<Visit>(item);
      if (v.number === 2 && v.state === 'done' && (v.sold === 'life' || v.sold === 'card')) {
        const out = await client.send(new GetCommand({ TableName: tableName, Key: visitKey({ ...v, number: 3 }), ConsistentRead: true }));
        const third = out.Item ? strip<Visit>(out.Item) : undefined;
        if (!third || (third.state !== 'waiting' && third.state !== 'open')) return;
        const at = v.completedAt ?? ctx.now.toISOString();
        const next: Visit = { ...third, state: 'cancelled', cancelReason: 'soldAtVisit2', cancelledAt: ctx.now.toISOString(), version: third.version + 1 };
        const done = await ignoringRefusal(() =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: { TableName: tableName, Item: visitItem(next), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': third.version } },
                },
                // Visit 3 still waiting means this is the customer's current programme: its end is recorded.
                { Update: programmeEndUpdate(tableName, v.customerId, at, 'soldAtVisit2', false) },
              ],
            }),
          ),
        );
        if (done) cancelled++;
      } else if (v.number === 3 && (v.state === 'done' || v.state === 'unreachable') && v.completedAt) {
        await ignoringRefusal(() => client.send(new UpdateCommand(programmeEndUpdate(tableName, v.customerId, v.completedAt!, 'visit3Ended'))));
      } else if (v.number === 1 && v.state === 'open' && v.attempts.length === 0 && !v.invitationDueBy) {
        const invitationDueBy = addDays(addDays(v.dueOn, -VISIT1_AFTER_APPROVAL_DAYS), firstInvitationDays);
        await ignoringRefusal(() =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: visitItem({ ...v, invitationDueBy, version: v.version + 1 }),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': v.version },
            }),
          ),
        );
      }
    });
  });
  ctx.logger.info('visits 3 after a sale at visit 2 cancelled', { cancelled });
}

export const v2ProgrammeEnd: Migration = {
  version: 2,
  name: 'programme-end',
  async run(ctx) {
    // Approvals first: the programme-end writes compare against the newest approval.
    await recordApprovals(ctx);
    await fixVisits(ctx);
  },
};
