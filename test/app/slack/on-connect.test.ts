import { describe, expect, it } from 'vitest';
import { backgroundContext, runFunction, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectSharedSlack, slackOperations } from './slack-helpers.ts';

const up = setupUpstreams();
const ON_CONNECT = 'src/functions/connections/slack-on-connect.ts';
const hook = (connectedAccountId: string) => ({
  connectionProviderId: '740af486-41cf-48bf-bf74-d51baf813e4a',
  connectionProviderName: 'slack',
  connectedAccountId,
});

describe('slack-on-connect', () => {
  it('records the Slack workspace and bot user behind the connection', async () => {
    const shared = connectSharedSlack(up);
    const result = await runFunction(ON_CONNECT, hook(shared.id), backgroundContext());
    expect(result).toEqual({
      success: true,
      connectionId: shared.id,
      account: 'Acme Robotics · bot @twenty_connect',
    });
    expect(up.twenty.kv.get(`connection-identity:${shared.id}`)).toMatchObject({
      details: { teamId: 'T0ACMEROBO1', botUserId: 'U0TWENTYBOT', botId: 'B0TWENTYBOT' },
    });
    expect(slackOperations(up.slack)).toEqual(['auth.test 200']);
  });

  it('names the account in later tool results', async () => {
    const shared = connectSharedSlack(up);
    await runFunction(ON_CONNECT, hook(shared.id), backgroundContext());
    const result = await runTool(
      'src/functions/slack/slack-post-message.ts',
      { channel: '#general', text: 'Hi' },
      null,
    );
    expect(result.connection).toEqual({
      id: shared.id,
      name: 'Acme Slack',
      visibility: 'workspace',
      account: 'Acme Robotics · bot @twenty_connect',
    });
  });

  it('reports a revoked token and records nothing', async () => {
    const shared = connectSharedSlack(up);
    up.slack.revokeToken(shared.accessToken);
    const result = await runFunction(ON_CONNECT, hook(shared.id), backgroundContext());
    expect(result).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(up.twenty.authFailureReports.map((r) => r.connectionId)).toEqual([shared.id]);
    expect(up.twenty.kv.size).toBe(0);
  });
});
