import { getConnection, kv, listConnections, reportConnectionAuthFailure } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import { checkUpstreamRequest } from '../../support/upstream-contracts.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();

const linearRequest = (query: string, variables: unknown = {}) =>
  new Request('https://api.linear.app/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });

describe('the fake Twenty', () => {
  it('returns every member’s connections to the app token and filters like Twenty', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.mintConnection('linear', { visibility: 'workspace', userWorkspaceId: 'uw-grace' });
    up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    expect(await listConnections()).toHaveLength(3);
    expect((await listConnections({ providerName: 'linear' })).map((c) => c.name)).toEqual([
      'Linear #1',
      'Linear #2',
    ]);
    expect(await listConnections({ providerName: 'linear', visibility: 'workspace' })).toHaveLength(1);
    expect(await listConnections({ userWorkspaceId: 'uw-ada' })).toHaveLength(2);
  });

  it('marks a reported connection failed, as getConnection then sees it', async () => {
    const connection = up.mintConnection('github', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    await reportConnectionAuthFailure({ connectionId: connection.id, reason: 'revoked' });
    expect(up.twenty.authFailureReports).toEqual([{ connectionId: connection.id, reason: 'revoked' }]);
    await expect(getConnection(connection.id)).rejects.toThrow(/reconnect/i);
    await expect(getConnection('missing')).rejects.toThrow(/not found/);
  });

  it('stores key values', async () => {
    await kv.set('k', { a: 1 });
    expect(await kv.get('k')).toEqual({ a: 1 });
    expect(await kv.delete('k')).toBe(true);
    expect(await kv.get('k')).toBeNull();
  });

  it('refuses calls without the application token and records the problem', async () => {
    process.env.TWENTY_APP_APPLICATION_ACCESS_TOKEN = 'wrong';
    await expect(listConnections()).rejects.toThrow(/401/);
    expect(up.twenty.problems).toEqual(['ListAppConnections sent without the application access token']);
    up.twenty.problems.length = 0;
  });
});

describe('the upstream contract check', () => {
  it('accepts a Linear document with variables only', async () => {
    const request = linearRequest('query Q($id: String!) { issue(id: $id) { id } }', { id: 'ENG-1' });
    expect(await checkUpstreamRequest(request)).toBeNull();
  });

  it('flags user text spliced into a Linear document', async () => {
    const violation = await checkUpstreamRequest(linearRequest('query Q { issue(id: "ENG-1") { id } }'));
    expect(violation?.problem).toMatch(/literal "ENG-1"/);
  });

  it('flags a Slack method the app should not call, and a GitHub path outside the API', async () => {
    const slack = new Request('https://slack.com/api/admin.users.remove', { method: 'POST', body: '{}' });
    expect((await checkUpstreamRequest(slack))?.problem).toMatch(/not one this project calls/);
    const github = new Request('https://api.github.com/repos/a/b/issues', { method: 'DELETE' });
    expect((await checkUpstreamRequest(github))?.problem).toMatch(/matches no operation/);
  });

  it('records a request to an unknown host as a violation', async () => {
    await fetch('https://example.test/').catch(() => undefined);
    expect(up.contractViolations).toEqual([
      { url: 'GET https://example.test/', problem: 'unhandled request' },
    ]);
    up.contractViolations.length = 0;
  });
});
