import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// The DynamoDB operations a read-only Lambda may call (its IAM policy allows these and nothing
// else: infra/permissions.ts), and a guard that makes the local runtime refuse anything else
// while it serves such a Lambda's route, so a read route that starts writing fails locally the
// way it would fail in the cloud (AccessDenied), not only after deployment. No Scan: that is for
// migrations only.

/** Operations (IAM action names without `dynamodb:`) a read-only function may call. */
export const DYNAMODB_READ_OPERATIONS = ['GetItem', 'BatchGetItem', 'Query', 'TransactGetItems'] as const;

const readOnly = new AsyncLocalStorage<string>();
const READS = new Set<string>(DYNAMODB_READ_OPERATIONS);
const guarded = new WeakSet<object>();

/** Makes `client` refuse every operation but reads while inside `asReadOnly`. Adding it twice is harmless. */
export function guardReadOnly(client: DynamoDBDocumentClient | DynamoDBClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const who = readOnly.getStore();
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      if (who !== undefined && !READS.has(operation)) {
        throw new Error(`${who} is read-only (its IAM policy allows ${DYNAMODB_READ_OPERATIONS.join(', ')}): ${operation} refused`);
      }
      return next(args);
    },
    { step: 'initialize', name: 'fosterReadOnlyGuard' },
  );
}

/** Runs `work` with every guarded client read-only; `who` names the function in the refusal. */
export function asReadOnly<T>(who: string, work: () => Promise<T>): Promise<T> {
  return readOnly.run(who, work);
}
