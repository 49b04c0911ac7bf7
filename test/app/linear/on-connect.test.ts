import { RetryableLogicFunctionError } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import { identityKey } from '../../../src/core/identity.ts';
import { WORKSPACE_ID } from '../../support/fake-twenty.ts';
import { backgroundContext, runFunction, runTool } from '../../support/run-function.ts';
import { operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const ON_CONNECT = 'src/functions/connections/linear-on-connect.ts';
const ACCOUNT = 'Grace Hopper (grace@acme-robotics.test) · Acme Robotics';
const hookPayload = (connectedAccountId: string) => ({
  connectionProviderId: 'provider-linear',
  connectionProviderName: 'linear',
  connectedAccountId,
});
const connectGrace = () =>
  up.mintConnection('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-grace',
    name: 'Grace Linear',
    account: 'grace@acme-robotics.test',
  });

describe('linear-on-connect', () => {
  it('records the Linear user and organization behind the new connection', async () => {
    const connection = connectGrace();
    const result = await runFunction(ON_CONNECT, hookPayload(connection.id), backgroundContext());
    expect(result).toEqual({
      success: true,
      connectionId: connection.id,
      account: ACCOUNT,
      webhooks: { claimed: true },
    });
    expect(up.twenty.kv.get(identityKey(connection.id))).toEqual({
      account: ACCOUNT,
      details: { userId: expect.any(String), organizationId: expect.any(String), organizationUrlKey: 'acme' },
      recordedAt: expect.any(String),
    });
    expect(operationsOf(up.linear)).toEqual(['viewer 200']);
    expect(up.twenty.requestsOf('GetAppConnection')[0]!.variables).toEqual({ id: connection.id });
  });

  it('lets later tool results name that account', async () => {
    const connection = connectGrace();
    await runFunction(ON_CONNECT, hookPayload(connection.id), backgroundContext());
    const result = await runTool('src/functions/linear/linear-list-teams.ts', {}, 'uw-grace');
    expect(result.connection).toMatchObject({ id: connection.id, account: ACCOUNT });
  });

  it('reports a rejected token and answers RECONNECT_REQUIRED, recording nothing', async () => {
    const connection = connectGrace();
    up.linear.revokeToken(connection.accessToken);
    const result = await runFunction(ON_CONNECT, hookPayload(connection.id), backgroundContext());
    expect(result).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(up.twenty.authFailureReports.map((r) => r.connectionId)).toEqual([connection.id]);
    expect(up.twenty.kv.has(identityKey(connection.id))).toBe(false);
  });

  it('asks Twenty to retry when rate limited for long and retries are left', async () => {
    const connection = connectGrace();
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 600 });
    await expect(
      runFunction(
        ON_CONNECT,
        hookPayload(connection.id),
        backgroundContext({ retryCount: 0, maxRetries: 3 }),
      ),
    ).rejects.toBeInstanceOf(RetryableLogicFunctionError);
    expect(operationsOf(up.linear)).toEqual(['viewer 400']);
  });

  it('answers RATE_LIMITED when rate limited on the last retry', async () => {
    const connection = connectGrace();
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 600 });
    const result = await runFunction(
      ON_CONNECT,
      hookPayload(connection.id),
      backgroundContext({ retryCount: 3, maxRetries: 3 }),
    );
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED', retryAt: expect.any(String) });
  });
});

describe('linear-on-connect: the webhook claim', () => {
  const ON_DISCONNECT = 'src/functions/connections/linear-on-disconnect.ts';
  const orgOf = (connectionId: string) =>
    (up.twenty.kv.get(identityKey(connectionId)) as { details: { organizationId: string } }).details
      .organizationId;

  it("claims the organization's webhook events for this workspace in SERVER kv", async () => {
    const connection = connectGrace();
    await runFunction(ON_CONNECT, hookPayload(connection.id), backgroundContext());
    const org = orgOf(connection.id);
    expect(up.twenty.serverKv.get(`linear:org:${org}`)).toBe(WORKSPACE_ID);
    expect(up.twenty.kv.has(`linear-claim-refused:${org}`)).toBe(false);
  });

  it('records a claim another workspace holds and still connects', async () => {
    const connection = connectGrace();
    await runFunction(ON_CONNECT, hookPayload(connection.id), backgroundContext());
    const org = orgOf(connection.id);
    up.twenty.serverKv.set(`linear:org:${org}`, 'another-workspace');

    const result = await runFunction(ON_CONNECT, hookPayload(connection.id), backgroundContext());

    expect(result).toMatchObject({ success: true, account: ACCOUNT, webhooks: { claimed: false } });
    expect(up.twenty.serverKv.get(`linear:org:${org}`)).toBe('another-workspace');
    expect(up.twenty.kv.get(`linear-claim-refused:${org}`)).toEqual({
      at: expect.any(String),
      reason: expect.stringContaining('already claimed'),
    });
  });

  it('releases the claim on disconnect only when no other connection of the workspace is to that organization', async () => {
    const first = connectGrace();
    const second = up.mintConnection('linear', {
      visibility: 'workspace',
      userWorkspaceId: 'uw-grace',
      name: 'Shared Linear',
      account: 'grace@acme-robotics.test',
    });
    await runFunction(ON_CONNECT, hookPayload(first.id), backgroundContext());
    await runFunction(ON_CONNECT, hookPayload(second.id), backgroundContext());
    const key = `linear:org:${orgOf(first.id)}`;

    const kept = await runFunction(ON_DISCONNECT, hookPayload(first.id), backgroundContext());
    expect(kept).toMatchObject({ success: true, released: false });
    expect(up.twenty.serverKv.get(key)).toBe(WORKSPACE_ID);

    up.twenty.connections.splice(up.twenty.connections.indexOf(first), 1);
    const released = await runFunction(ON_DISCONNECT, hookPayload(second.id), backgroundContext());
    expect(released).toMatchObject({ success: true, released: true });
    expect(up.twenty.serverKv.has(key)).toBe(false);
  });

  it("never releases another workspace's claim", async () => {
    const connection = connectGrace();
    await runFunction(ON_CONNECT, hookPayload(connection.id), backgroundContext());
    const key = `linear:org:${orgOf(connection.id)}`;
    up.twenty.serverKv.set(key, 'another-workspace');
    const result = await runFunction(ON_DISCONNECT, hookPayload(connection.id), backgroundContext());
    expect(result).toMatchObject({ success: true, released: false });
    expect(up.twenty.serverKv.get(key)).toBe('another-workspace');
  });
});
