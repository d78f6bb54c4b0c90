import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iamActionsOf, iamServiceOf, sdkImportsOf } from '../../infra/permissions.js';
import { loadDeploymentSettings, stacksProps } from '../../infra/settings.js';

describe('sdkImportsOf', () => {
  it('reads the named SDK imports of a minified ESM bundle, aliases and all', () => {
    // Arrange
    const bundle =
      'import{createRequire as x}from"module";import{PutCommand as a,TransactWriteCommand as b}from"@aws-sdk/lib-dynamodb";import{PublishCommand as c}from"@aws-sdk/client-sns";var q=1;';

    // Act
    const imports = sdkImportsOf(bundle);

    // Assert
    expect(imports).toEqual([
      { module: '@aws-sdk/lib-dynamodb', name: 'PutCommand' },
      { module: '@aws-sdk/lib-dynamodb', name: 'TransactWriteCommand' },
      { module: '@aws-sdk/client-sns', name: 'PublishCommand' },
    ]);
  });

  it('refuses a bundle that imports the SDK in a way that hides what it calls', () => {
    expect(() => sdkImportsOf('import * as sns from"@aws-sdk/client-sns";')).toThrow(/other than by named imports/);
    expect(() => sdkImportsOf('const m=await import("@aws-sdk/client-sns");')).toThrow(/other than by named imports/);
  });
});

describe('iamActionsOf', () => {
  it('turns command classes into the IAM actions they need, from the SDK itself', () => {
    // Act
    const actions = iamActionsOf([
      { module: '@aws-sdk/lib-dynamodb', name: 'PutCommand' },
      { module: '@aws-sdk/lib-dynamodb', name: 'TransactWriteCommand' },
      { module: '@aws-sdk/lib-dynamodb', name: 'paginateQuery' },
      { module: '@aws-sdk/client-dynamodb', name: 'DynamoDBClient' },
      { module: '@aws-sdk/client-dynamodb', name: 'ConditionalCheckFailedException' },
      { module: '@aws-sdk/client-sns', name: 'PublishCommand' },
      { module: '@aws-sdk/client-scheduler', name: 'CreateScheduleCommand' },
      { module: '@aws-sdk/client-cognito-identity-provider', name: 'AdminUserGlobalSignOutCommand' },
    ]);

    // Assert
    expect(actions).toEqual([
      'cognito-idp:AdminUserGlobalSignOut',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:TransactWriteItems',
      'dynamodb:UpdateItem',
      'scheduler:CreateSchedule',
      'sns:Publish',
    ]);
  });

  it('grants each kind of transaction item as its single-item action, as IAM authorises them', () => {
    const write = iamActionsOf([{ module: '@aws-sdk/lib-dynamodb', name: 'TransactWriteCommand' }]);
    const read = iamActionsOf([{ module: '@aws-sdk/lib-dynamodb', name: 'TransactGetCommand' }]);

    expect(write).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:TransactWriteItems', 'dynamodb:UpdateItem']);
    expect(read).toEqual(['dynamodb:GetItem', 'dynamodb:TransactGetItems']);
  });

  it('names the IAM service by the signing name of the client, not the package name', () => {
    expect(iamServiceOf('@aws-sdk/client-cognito-identity-provider')).toBe('cognito-idp');
  });

  it('refuses an aggregated client, whose calls cannot be read from its import', () => {
    expect(() => iamActionsOf([{ module: '@aws-sdk/client-sns', name: 'SNS' }])).toThrow(/aggregated client/);
  });
});

describe('deployment settings', () => {
  const file = (content: unknown) => {
    const path = join(mkdtempSync(join(tmpdir(), 'foster-settings-')), 'settings.json');
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('builds the defaults when there is no settings file', () => {
    expect(loadDeploymentSettings(join(tmpdir(), 'no-such-foster-settings.json'))).toEqual({});
  });

  it('passes each setting to the stack that uses it', () => {
    // Act
    const props = stacksProps(
      loadDeploymentSettings(
        file({
          config: { monthlyCap: 3 },
          onCall: { emails: ['oncall@example.com'] },
          smsNumber: { kind: 'none' },
          smsSpendLimitUsd: 50,
          prefix: 'FosterProd',
        }),
      ),
    );

    // Assert
    expect(props).toEqual({
      prefix: 'FosterProd',
      stateful: { smsNumber: { kind: 'none' } },
      stateless: { config: { monthlyCap: 3 }, onCall: { emails: ['oncall@example.com'] }, smsSpendLimitUsd: 50 },
    });
  });

  it('fails naming the field of a bad setting, and an unknown one', () => {
    expect(() => loadDeploymentSettings(file({ onCall: { emails: ['nobody'] } }))).toThrow(/onCall\.emails\.0/);
    expect(() => loadDeploymentSettings(file({ monthlyCap: 3 }))).toThrow(/monthlyCap/);
  });
});
