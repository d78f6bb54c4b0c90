import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCognitoStaffDirectory } from '../../lib/adapters/cognito/staff-directory.js';
import { createLocalStaffDirectory } from '../../lib/adapters/local/staff-directory.js';
import { signInChanges, type StaffSignIn } from '../../lib/domain/sign-in.js';
import type { Staff } from '../../lib/domain/staff.js';

const client = new CognitoIdentityProviderClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const cognito = mockClient(client);
const directory = createCognitoStaffDirectory({ client, userPoolId: 'pool-1' });

const member = (over: Partial<StaffSignIn> = {}): StaffSignIn => ({ staffId: 'S0001', name: 'Li Lei', role: 'agent', enabled: true, ...over });
const attributesOf = (command: typeof AdminCreateUserCommand | typeof AdminUpdateUserAttributesCommand) => {
  const input = cognito.commandCalls(command as typeof AdminCreateUserCommand)[0]?.args[0].input;
  return Object.fromEntries((input?.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
};

describe('createCognitoStaffDirectory', () => {
  afterEach(() => cognito.reset());

  describe('Method: apply', () => {
    it('creates a new member with staff id and role and e-mails the invitation when there is an address', async () => {
      // Arrange
      cognito.on(AdminCreateUserCommand).resolves({});

      // Act
      const { failed } = await directory.apply([{ next: member({ email: 'li@example.com' }) }]);

      // Assert
      expect(failed).toEqual([]);
      expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { UserPoolId: 'pool-1', Username: 'S0001', DesiredDeliveryMediums: ['EMAIL'] });
      expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.MessageAction).toBeUndefined();
      expect(attributesOf(AdminCreateUserCommand)).toEqual({
        'custom:staffId': 'S0001',
        'custom:role': 'agent',
        name: 'Li Lei',
        email: 'li@example.com',
        email_verified: 'true',
      });
    });

    it('creates a member without an address without sending an invitation', async () => {
      cognito.on(AdminCreateUserCommand).resolves({});

      await directory.apply([{ next: member() }]);

      expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { Username: 'S0001', MessageAction: 'SUPPRESS' });
      expect(attributesOf(AdminCreateUserCommand)).not.toHaveProperty('email');
    });

    it('updates the role and signs the user out everywhere when the role changes', async () => {
      // Arrange
      cognito.on(AdminUpdateUserAttributesCommand).resolves({});
      cognito.on(AdminUserGlobalSignOutCommand).resolves({});

      // Act
      await directory.apply([{ previous: member(), next: member({ role: 'supervisor' }) }]);

      // Assert
      expect(attributesOf(AdminUpdateUserAttributesCommand)).toMatchObject({ 'custom:role': 'supervisor' });
      expect(attributesOf(AdminUpdateUserAttributesCommand)).not.toHaveProperty('custom:staffId');
      expect(cognito).toHaveReceivedCommandWith(AdminUserGlobalSignOutCommand, { UserPoolId: 'pool-1', Username: 'S0001' });
      expect(cognito).not.toHaveReceivedCommand(AdminCreateUserCommand);
    });

    it('updates a renamed member without signing them out', async () => {
      cognito.on(AdminUpdateUserAttributesCommand).resolves({});

      await directory.apply([{ previous: member(), next: member({ name: 'Li Lei (Shanghai)' }) }]);

      expect(cognito).toHaveReceivedCommandTimes(AdminUpdateUserAttributesCommand, 1);
      expect(cognito).not.toHaveReceivedCommand(AdminUserGlobalSignOutCommand);
    });

    it('signs out and disables a member who becomes inactive, and enables them when active again', async () => {
      // Arrange
      cognito.on(AdminUserGlobalSignOutCommand).resolves({});
      cognito.on(AdminDisableUserCommand).resolves({});
      cognito.on(AdminEnableUserCommand).resolves({});

      // Act
      await directory.apply([{ previous: member(), next: member({ enabled: false }) }]);
      await directory.apply([{ previous: member({ enabled: false }), next: member() }]);

      // Assert
      expect(cognito).toHaveReceivedCommandWith(AdminUserGlobalSignOutCommand, { Username: 'S0001' });
      expect(cognito).toHaveReceivedCommandWith(AdminDisableUserCommand, { Username: 'S0001' });
      expect(cognito).toHaveReceivedCommandWith(AdminEnableUserCommand, { Username: 'S0001' });
    });

    it('brings an existing user in line when the upload is the first this directory hears of them', async () => {
      // Arrange
      cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
      cognito.on(AdminUpdateUserAttributesCommand).resolves({});
      cognito.on(AdminUserGlobalSignOutCommand).resolves({});
      cognito.on(AdminEnableUserCommand).resolves({});

      // Act
      const { failed } = await directory.apply([{ next: member({ role: 'deptManager' }) }]);

      // Assert
      expect(failed).toEqual([]);
      expect(attributesOf(AdminUpdateUserAttributesCommand)).toMatchObject({ 'custom:role': 'deptManager' });
      expect(cognito).toHaveReceivedCommand(AdminUserGlobalSignOutCommand);
      expect(cognito).toHaveReceivedCommand(AdminEnableUserCommand);
    });

    it('creates a member the pool lost when an update finds no user', async () => {
      cognito.on(AdminUpdateUserAttributesCommand).rejects(new UserNotFoundException({ message: 'gone', $metadata: {} }));
      cognito.on(AdminCreateUserCommand).resolves({});

      const { failed } = await directory.apply([{ previous: member(), next: member({ role: 'supervisor' }) }]);

      expect(failed).toEqual([]);
      expect(attributesOf(AdminCreateUserCommand)).toMatchObject({ 'custom:staffId': 'S0001', 'custom:role': 'supervisor' });
    });

    it('reports a member it could not update by error name and still applies the others', async () => {
      // Arrange
      cognito
        .on(AdminCreateUserCommand, { Username: 'S0001' })
        .rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }))
        .on(AdminCreateUserCommand, { Username: 'S0002' })
        .resolves({});

      // Act
      const { failed } = await directory.apply([{ next: member() }, { next: member({ staffId: 'S0002' }) }]);

      // Assert
      expect(failed).toEqual([{ staffId: 'S0001', reason: 'TooManyRequestsException' }]);
      expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { Username: 'S0002' });
    });
  });

  describe('Method: disable', () => {
    it('signs out and disables a departing member, and ignores one who never had a sign-in', async () => {
      cognito.on(AdminUserGlobalSignOutCommand).resolves({});
      cognito.on(AdminDisableUserCommand).resolves({});
      cognito.on(AdminUserGlobalSignOutCommand, { Username: 'S0404' }).rejects(new UserNotFoundException({ message: 'no user', $metadata: {} }));

      await directory.disable('S0001');
      await expect(directory.disable('S0404')).resolves.toBeUndefined();

      expect(cognito).toHaveReceivedCommandWith(AdminDisableUserCommand, { Username: 'S0001' });
      expect(cognito).not.toHaveReceivedCommandWith(AdminDisableUserCommand, { Username: 'S0404' });
    });
  });
});

describe('signInChanges', () => {
  const staff = (over: Partial<Staff> = {}): Staff => ({
    id: 'S0001',
    name: 'Li Lei',
    phone: '+8613800138000',
    role: 'agent',
    kind: 'formal',
    supervisorId: null,
    deptId: 'D1',
    districtId: 'R1',
    region: 'Pudong',
    joinedOn: '2024-01-01',
    status: 'active',
    ...over,
  });

  it('leaves out members whose sign-in is unchanged and carries the stored sign-in of changed ones', () => {
    // Arrange
    const stored = new Map([
      ['S0001', staff()],
      ['S0002', staff({ id: 'S0002' })],
      ['S0003', staff({ id: 'S0003', signInPending: true })],
    ]);

    // Act
    const changes = signInChanges(
      [staff({ phone: '+8613900139000' }), staff({ id: 'S0002', status: 'inactive' }), staff({ id: 'S0003' }), staff({ id: 'S0004' })],
      stored,
    );

    // Assert
    expect(changes.map((c) => [c.next.staffId, c.previous?.enabled])).toEqual([
      ['S0002', true],
      ['S0003', undefined],
      ['S0004', undefined],
    ]);
    expect(changes[0]?.next.enabled).toBe(false);
  });
});

describe('createLocalStaffDirectory', () => {
  it('records when a member was signed out by a role change or a departure', async () => {
    // Arrange
    let now = 1_000;
    const local = createLocalStaffDirectory({ now: () => now });
    const changed: string[] = [];
    local.onChange((id) => changed.push(id));

    // Act
    await local.apply([{ next: member() }]);
    const before = local.signedOutAt('S0001');
    now = 2_000;
    await local.apply([{ previous: member(), next: member({ role: 'supervisor' }) }]);
    const afterRoleChange = local.signedOutAt('S0001');
    now = 3_000;
    await local.disable('S0001');

    // Assert
    expect(before).toBeUndefined();
    expect(afterRoleChange).toBe(2_000);
    expect(local.user('S0001')).toMatchObject({ role: 'supervisor', enabled: false, signedOutAt: 3_000 });
    expect(changed).toEqual(['S0001', 'S0001', 'S0001']);
  });
});
