import { describe, expect, it } from 'vitest';
import { type Loose, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectAda, connectGrace, githubOperations } from './github-helpers.ts';

const up = setupUpstreams();
const LIST = 'src/functions/github/github-list-repositories.ts';

/** Gives Ada `count` more public repositories of her own, so the list spans several GitHub pages. */
const addAdaRepositories = (count: number) => {
  const state = up.github.exportState() as Loose;
  const template = state.data.repos.find(
    (repo: Loose) => repo.owner === 'ada-acme' && repo.name === 'dotfiles',
  );
  for (let index = 0; index < count; index++) {
    const day = String(1 + (index % 28)).padStart(2, '0');
    state.data.repos.push({
      ...structuredClone(template),
      id: 700000000 + index,
      name: `experiment-${String(index).padStart(3, '0')}`,
      description: `Experiment ${index}`,
      labels: [],
      createdAt: `2023-01-${day}T10:00:00Z`,
      updatedAt: `2023-01-${day}T10:00:00Z`,
      pushedAt: `2023-01-${day}T10:00:00Z`,
    });
  }
  up.github.importState(state);
};

describe('github-list-repositories', () => {
  it('lists every repository the member’s GitHub account can see, private ones included', async () => {
    const mine = connectAda(up);
    const result = await runTool(LIST, {}, 'uw-ada');
    expect(result).toMatchObject({ success: true, connection: { id: mine.id, name: 'Ada GitHub' } });
    expect(result.repositories.map((r: Loose) => r.name).sort()).toEqual([
      'acme-robotics/archive',
      'acme-robotics/firmware',
      'acme-robotics/website',
      'ada-acme/dotfiles',
      'ada-acme/notes',
      'grace-acme/garden-sensors',
    ]);
    expect(result.repositories.find((r: Loose) => r.name === 'acme-robotics/firmware')).toEqual({
      name: 'acme-robotics/firmware',
      private: true,
      url: 'https://github.com/acme-robotics/firmware',
      description: 'Motor controller and sensor firmware for the Acme arm',
    });
    expect(githubOperations(up.github)).toEqual(['GET /user/repos 200']);
    up.expectNoSecrets(result);
  });

  it('shows another member only what their own GitHub account can see', async () => {
    connectAda(up);
    connectGrace(up);
    const result = await runTool(LIST, {}, 'uw-grace');
    expect(result.repositories.map((r: Loose) => r.name).sort()).toEqual([
      'acme-robotics/archive',
      'acme-robotics/website',
      'grace-acme/garden-sensors',
    ]);
  });

  it('follows GitHub’s Link pagination past 100 repositories, up to the limit', async () => {
    connectAda(up);
    addAdaRepositories(150);
    const result = await runTool(LIST, { limit: 130 }, 'uw-ada');
    expect(result.success).toBe(true);
    expect(result.repositories).toHaveLength(130);
    expect(new Set(result.repositories.map((r: Loose) => r.name)).size).toBe(130);
    const calls = up.github.calls();
    expect(calls.map((c) => c.operation)).toEqual(['GET /user/repos', 'GET /user/repos']);
    expect(new URL(calls[0]!.url).searchParams.get('per_page')).toBe('100');
    expect(new URL(calls[1]!.url).searchParams.get('page')).toBe('2');
  });

  it('reads every page when the limit is above the number of repositories', async () => {
    connectAda(up);
    addAdaRepositories(150);
    const result = await runTool(LIST, { limit: 500 }, 'uw-ada');
    expect(result.repositories).toHaveLength(156);
    expect(githubOperations(up.github)).toEqual(['GET /user/repos 200', 'GET /user/repos 200']);
  });

  it('stops after one page when the limit fits in it', async () => {
    connectAda(up);
    addAdaRepositories(150);
    const result = await runTool(LIST, { limit: 3 }, 'uw-ada');
    expect(result.repositories).toHaveLength(3);
    expect(githubOperations(up.github)).toEqual(['GET /user/repos 200']);
    expect(new URL(up.github.calls()[0]!.url).searchParams.get('per_page')).toBe('3');
  });

  it('rejects a limit out of range before calling GitHub', async () => {
    connectAda(up);
    const result = await runTool(LIST, { limit: 0 }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['limit'] });
    expect(up.github.calls()).toEqual([]);
  });

  it('retries a read after a GitHub 503 and succeeds', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'server-error', status: 503, operation: 'GET /user/repos' });
    const result = await runTool(LIST, {}, 'uw-ada');
    expect(result.success).toBe(true);
    expect(githubOperations(up.github)).toEqual(['GET /user/repos 503', 'GET /user/repos 200']);
  });

  it('answers NOT_CONNECTED when the member has no GitHub connection and none is shared', async () => {
    connectGrace(up);
    const result = await runTool(LIST, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    expect(result.error).toContain('no GitHub connection');
    expect(up.github.calls()).toEqual([]);
  });

  it('answers NOT_CONFIGURED when the admin has not filled the GitHub OAuth client', async () => {
    connectAda(up);
    delete process.env.GITHUB_CLIENT_SECRET;
    const result = await runTool(LIST, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'NOT_CONFIGURED' });
    expect(result.error).toContain('GITHUB_CLIENT_SECRET');
    expect(up.github.calls()).toEqual([]);
  });
});
