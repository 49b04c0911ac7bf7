import type { AppConnection } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/app-error.ts';
import { callerFor } from '../../../src/core/connection-choice.ts';
import { startRun } from '../../../src/core/run.ts';
import type { Session } from '../../../src/core/session.ts';
import { github } from '../../../src/providers/github/github.provider.ts';
import {
  githubStatusOf,
  parseGitHubReference,
  refreshGitHubItem,
  resolveGitHubItem,
} from '../../../src/providers/github/github.work-items.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectAda, connectGrace, githubOperations } from './github-helpers.ts';

const up = setupUpstreams();

/** A session bound to one connection, as `openSession` hands the functions. */
const sessionOf = (connection: AppConnection): Session => ({
  run: startRun('tool', callerFor(connection.userWorkspaceId), 60),
  provider: github,
  connection,
  label: { id: connection.id, name: connection.name, visibility: connection.visibility, account: null },
});

/** The caller's primary rate-limit use, read from GitHub's free `GET /rate_limit`. */
const coreUsed = async (token: string) => {
  const response = await up.github.handle(
    new Request('https://api.github.com/rate_limit', {
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'test' },
    }),
  );
  return ((await response.json()) as { resources: { core: { used: number } } }).resources.core.used;
};

describe('parseGitHubReference', () => {
  it('reads issue and pull request URLs and owner/repo#n', () => {
    expect(parseGitHubReference('https://github.com/acme-robotics/firmware/issues/12')).toEqual({
      owner: 'acme-robotics',
      repo: 'firmware',
      number: 12,
    });
    expect(parseGitHubReference(' https://github.com/o/r.js/pull/7/ ')).toEqual({
      owner: 'o',
      repo: 'r.js',
      number: 7,
    });
    expect(parseGitHubReference('https://github.com/o/r/issues/3#issuecomment-1')).toMatchObject({
      number: 3,
    });
    expect(parseGitHubReference('Octo-Cat/hello_world#42')).toEqual({
      owner: 'Octo-Cat',
      repo: 'hello_world',
      number: 42,
    });
    expect(parseGitHubReference('ada_acme/notes#1')).toMatchObject({ owner: 'ada_acme' });
  });

  it('rejects other addresses, forms and numbers', () => {
    for (const text of [
      '',
      'o/r',
      'o/r#0',
      'o/r#012',
      'o/r#12345678901',
      '#12',
      'o#12',
      'http://github.com/o/r/issues/1',
      'https://github.com/o/r/issues/1/files',
      'https://github.com/o/r/discussions/1',
      'https://github.com/o/r/pull/x',
      'https://gist.github.com/o/r/issues/1',
      'https://github.com.evil.test/o/r/issues/1',
      'https://github.com:8443/o/r/issues/1',
      'https://user@github.com/o/r/issues/1',
      'ENG-42',
    ]) {
      expect(parseGitHubReference(text), text).toBeNull();
    }
  });

  it('lets nothing odd reach a URL path', () => {
    for (const text of [
      'o/..#1',
      'o/.#1',
      '../r#1',
      'o/r%2F..#1',
      'o/r?x=1#1',
      'o/r r#1',
      '-o/r#1',
      'o/r\u00e9#1',
      'https://github.com/o/%2E%2E/issues/1',
      'https://github.com/o/r%2Fx/issues/1',
      'https://github.com/o/../r/x/issues/1',
      `o/${'r'.repeat(101)}#1`,
      `${'o'.repeat(40)}/r#1`,
    ]) {
      expect(parseGitHubReference(text), text).toBeNull();
    }
  });
});

describe('githubStatusOf', () => {
  it('maps states, close reasons and merges to the four categories', () => {
    expect(githubStatusOf({ state: 'open' })).toEqual({ status: 'open', statusCategory: 'OPEN' });
    expect(githubStatusOf({ state: 'closed', state_reason: 'completed' })).toEqual({
      status: 'closed',
      statusCategory: 'DONE',
    });
    expect(githubStatusOf({ state: 'closed', state_reason: 'not_planned' }).statusCategory).toBe('CANCELED');
    expect(githubStatusOf({ state: 'closed', state_reason: 'duplicate' }).statusCategory).toBe('CANCELED');
    expect(githubStatusOf({ state: 'closed', state_reason: null }).statusCategory).toBe('DONE');
    expect(githubStatusOf({ state: 'open', pull_request: { merged_at: null } }).statusCategory).toBe('OPEN');
    expect(githubStatusOf({ state: 'closed', pull_request: { merged_at: '2024-05-04T08:00:00Z' } })).toEqual({
      status: 'merged',
      statusCategory: 'DONE',
    });
    expect(githubStatusOf({ state: 'closed', pull_request: { merged_at: null } })).toEqual({
      status: 'closed',
      statusCategory: 'CANCELED',
    });
  });
});

describe('resolveGitHubItem', () => {
  it('resolves an issue in a private repository the connection can see, flagged restricted', async () => {
    const session = sessionOf(connectAda(up));
    const item = await resolveGitHubItem(session, { owner: 'Acme-Robotics', repo: 'Firmware', number: 1 });
    expect(item).toEqual({
      provider: 'github',
      upstreamId: 'acme-robotics/firmware#1',
      identifier: 'acme-robotics/firmware#1',
      title: 'Motor controller overheats at 80% duty cycle',
      url: 'https://github.com/acme-robotics/firmware/issues/1',
      status: 'open',
      statusCategory: 'OPEN',
      assignee: 'ada-acme',
      upstreamUpdatedAt: '2024-09-02T08:15:00Z',
      etag: expect.stringMatching(/^W\/".+"$/),
      restricted: true,
    });
    expect(githubOperations(up.github)).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number} 200',
      'GET /repos/{owner}/{repo} 200',
    ]);
  });

  it('resolves pull requests through the issues endpoint: merged, closed unmerged, and a not-planned issue', async () => {
    const session = sessionOf(connectGrace(up));
    const read = (number: number) =>
      resolveGitHubItem(session, { owner: 'grace-acme', repo: 'garden-sensors', number });
    expect(await read(1)).toMatchObject({
      url: 'https://github.com/grace-acme/garden-sensors/pull/1',
      status: 'merged',
      statusCategory: 'DONE',
      assignee: null,
      restricted: false,
    });
    expect(await read(2)).toMatchObject({ status: 'closed', statusCategory: 'CANCELED' });
    expect(await read(3)).toMatchObject({
      status: 'closed',
      statusCategory: 'CANCELED',
      assignee: 'grace-acme',
    });
  });

  it('answers NOT_FOUND, naming the connection, for a private repository the account cannot see', async () => {
    const session = sessionOf(connectGrace(up));
    const error = await resolveGitHubItem(session, {
      owner: 'acme-robotics',
      repo: 'firmware',
      number: 1,
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('NOT_FOUND');
    expect((error as Error).message).toMatch(/acme-robotics\/firmware#1.*"Grace GitHub".*private repository/);
    expect(githubOperations(up.github)).toEqual(['GET /repos/{owner}/{repo}/issues/{issue_number} 404']);
  });
});

describe('refreshGitHubItem', () => {
  it('sends the stored ETag: unchanged is a 304 that uses no rate limit', async () => {
    const connection = connectAda(up);
    const session = sessionOf(connection);
    const first = await refreshGitHubItem(session, { upstreamId: 'acme-robotics/website#2', etag: null });
    if (!('item' in first)) throw new Error('expected a 200');
    expect(first.item).toMatchObject({ identifier: 'acme-robotics/website#2', status: 'open' });
    const before = await coreUsed(connection.accessToken);
    expect(
      await refreshGitHubItem(session, { upstreamId: 'acme-robotics/website#2', etag: first.item.etag }),
    ).toEqual({
      notModified: true,
    });
    expect(await coreUsed(connection.accessToken)).toBe(before);
    expect(githubOperations(up.github)).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number} 200',
      'GET /rate_limit 200',
      'GET /repos/{owner}/{repo}/issues/{issue_number} 304',
      'GET /rate_limit 200',
    ]);
  });

  it('returns the new item and a new ETag once the issue changed', async () => {
    const connection = connectAda(up);
    const session = sessionOf(connection);
    const first = await refreshGitHubItem(session, { upstreamId: 'acme-robotics/website#2' });
    if (!('item' in first)) throw new Error('expected a 200');
    await up.github.handle(
      new Request('https://api.github.com/repos/acme-robotics/website/issues/2/comments', {
        method: 'POST',
        headers: { authorization: `Bearer ${connection.accessToken}`, 'user-agent': 'test' },
        body: JSON.stringify({ body: 'Customers keep asking.' }),
      }),
    );
    const second = await refreshGitHubItem(session, {
      upstreamId: 'acme-robotics/website#2',
      etag: first.item.etag,
    });
    if (!('item' in second)) throw new Error('expected a 200');
    expect(second.item.etag).not.toBe(first.item.etag);
    expect(second.item.upstreamUpdatedAt).not.toBe(first.item.upstreamUpdatedAt);
  });

  it('reports an item the connection can no longer see as gone', async () => {
    const session = sessionOf(connectGrace(up));
    expect(
      await refreshGitHubItem(session, { upstreamId: 'acme-robotics/firmware#1', etag: 'W/"x"' }),
    ).toEqual({
      gone: true,
    });
    expect(await refreshGitHubItem(session, { upstreamId: 'acme-robotics/website#99' })).toEqual({
      gone: true,
    });
  });
});
