import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

// The one table's key schema, shared by the CDK stack, DynamoDB Local (npm start, tests) and the
// store. Every index is overloaded: model.ts says which entity writes which key and which access
// pattern reads it.

export const KEY = { pk: 'pk', sk: 'sk' } as const;

/** Global secondary indexes, all projecting every attribute. */
export const INDEXES = [
  { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
  { name: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk' },
  { name: 'gsi4', pk: 'gsi4pk', sk: 'gsi4sk' },
] as const;
export type IndexName = (typeof INDEXES)[number]['name'];

/** Items with this attribute (epoch seconds) expire: idempotency records, sent local schedules, assignment exports. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The CreateTable request for DynamoDB Local: the same keys and indexes as the CDK stack. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = [KEY.pk, KEY.sk, ...INDEXES.flatMap((i) => [i.pk, i.sk])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' },
      { AttributeName: KEY.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.pk, KeyType: 'HASH' },
        { AttributeName: i.sk, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
