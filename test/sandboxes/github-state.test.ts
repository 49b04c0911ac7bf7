import { describe, expect, it } from 'vitest';
import { createGithubSandbox } from '../../local/sandboxes/github/github.sandbox.ts';

const headers = (token: string) => ({
  'user-agent': 'tests',
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});

describe('GitHub sandbox state', () => {
  it('round-trips data, clients, tokens and queued failures through JSON export and import', async () => {
    const sandbox = createGithubSandbox({ tokenExpiry: true });
    sandbox.registerClient({
      clientId: 'Iv23liState',
      clientSecret: 'state-secret-0123456789',
      redirectUris: ['http://127.0.0.1:4020/apps/oauth/callback'],
    });
    const { accessToken, refreshToken } = sandbox.mintToken({ account: 'grace-acme' });
    const created = await sandbox.handle(
      new Request('https://api.github.com/repos/acme-robotics/website/issues', {
        method: 'POST',
        headers: headers(accessToken),
        body: JSON.stringify({ title: 'Survives a restart' }),
      }),
    );
    expect(created.status).toBe(201);
    sandbox.failNext({ kind: 'server-error', status: 503, operation: 'GET /user' });

    const restored = createGithubSandbox({ tokenExpiry: true });
    restored.importState(JSON.parse(JSON.stringify(sandbox.exportState())));
    expect(restored.view()).toEqual(sandbox.view());
    const user = () =>
      restored.handle(new Request('https://api.github.com/user', { headers: headers(accessToken) }));
    expect((await user()).status).toBe(503);
    expect(await (await user()).json()).toMatchObject({ login: 'grace-acme' });
    const refreshed = await restored.handle(
      new Request('https://github.com/login/oauth/access_token', {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: 'Iv23liState',
          client_secret: 'state-secret-0123456789',
          grant_type: 'refresh_token',
          refresh_token: refreshToken!,
        }),
      }),
    );
    expect(await refreshed.json()).toHaveProperty('refresh_token', expect.stringMatching(/^ghr_/));
    expect(JSON.stringify(restored.exportState())).toContain('Survives a restart');
  });

  it('refuses state that is not a GitHub sandbox export', () => {
    expect(() => createGithubSandbox().importState({ some: 'thing' })).toThrow(/GitHub sandbox state/);
  });

  it('shows repositories with their issues and comments, and resets to the seed', async () => {
    const sandbox = createGithubSandbox();
    const token = sandbox.mintToken().accessToken;
    const seeded = JSON.stringify(sandbox.view());
    const view = sandbox.view() as {
      repositories: { fullName: string; visibility: string; hasIssues: boolean; issues: unknown[] }[];
    };
    expect(view.repositories.map((repo) => repo.fullName)).toEqual(
      expect.arrayContaining(['acme-robotics/firmware', 'acme-robotics/website', 'acme-robotics/archive']),
    );
    expect(view.repositories.find((repo) => repo.fullName === 'acme-robotics/firmware')).toMatchObject({
      visibility: 'private',
      issues: expect.arrayContaining([
        expect.objectContaining({ title: 'Motor controller overheats at 80% duty cycle' }),
      ]),
    });
    expect(view.repositories.find((repo) => repo.fullName === 'acme-robotics/archive')?.hasIssues).toBe(
      false,
    );
    await sandbox.handle(
      new Request('https://api.github.com/repos/acme-robotics/website/issues/2/comments', {
        method: 'POST',
        headers: headers(token),
        body: JSON.stringify({ body: 'Added to the roadmap.' }),
      }),
    );
    expect(JSON.stringify(sandbox.view())).toContain('Added to the roadmap.');
    sandbox.reset();
    expect(JSON.stringify(sandbox.view())).toBe(seeded);
    expect(sandbox.calls()).toEqual([]);
    const afterReset = await sandbox.handle(
      new Request('https://api.github.com/user', { headers: headers(token) }),
    );
    expect(afterReset.status).toBe(401);
  });
});
