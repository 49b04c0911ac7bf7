import { describe, expect, it } from 'vitest';
import { createGithubSandbox } from '../../local/sandboxes/github/github.sandbox.ts';

type Sandbox = ReturnType<typeof createGithubSandbox>;

function api(
  sandbox: Sandbox,
  token: string | undefined,
  path: string,
  init: { method?: string; body?: unknown } = {},
) {
  return sandbox.handle(
    new Request(`https://api.github.com${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'user-agent': 'twenty-connect-tests',
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
}

function setup() {
  const sandbox = createGithubSandbox({ now: () => Date.parse('2026-03-20T12:00:00Z') });
  sandbox.registerClient({
    clientId: 'Ov23liApi',
    clientSecret: 'api-secret-0123456789',
    redirectUris: ['http://127.0.0.1:4020/apps/oauth/callback'],
  });
  const ada = sandbox.mintToken({ account: 'ada-acme', scopes: ['repo'] }).accessToken;
  const grace = sandbox.mintToken({ account: 'grace-acme', scopes: ['repo'] }).accessToken;
  return { sandbox, ada, grace };
}

function parseLink(header: string | null): Record<string, string> {
  return Object.fromEntries(
    [...(header ?? '').matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)].map((match) => [match[2]!, match[1]!]),
  );
}

describe('GitHub sandbox REST API', () => {
  it('returns the authenticated user with rate-limit headers and the granted scopes', async () => {
    const { sandbox, ada } = setup();
    const response = await api(sandbox, ada, '/user');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      login: 'ada-acme',
      id: 58213771,
      type: 'User',
      name: 'Ada Lovelace',
    });
    expect(response.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(response.headers.get('x-ratelimit-used')).toBe('1');
    expect(response.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBe(Date.parse('2026-03-20T13:00:00Z') / 1000);
    expect(response.headers.get('x-oauth-scopes')).toBe('repo');
  });

  it('pages /user/repos with absolute Link URLs and hides private repos from tokens without the repo scope', async () => {
    const { sandbox, ada } = setup();
    const names: string[] = [];
    let next: string | undefined = '/user/repos?per_page=2&sort=full_name';
    let pages = 0;
    while (next) {
      const response = await api(sandbox, ada, next);
      const body = (await response.json()) as { full_name: string }[];
      names.push(...body.map((repo) => repo.full_name));
      const links = parseLink(response.headers.get('link'));
      if (pages === 0)
        expect(links.last).toBe('https://api.github.com/user/repos?per_page=2&sort=full_name&page=3');
      next = links.next?.replace('https://api.github.com', '');
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(names).toEqual([
      'acme-robotics/archive',
      'acme-robotics/firmware',
      'acme-robotics/website',
      'ada-acme/dotfiles',
      'ada-acme/notes',
      'grace-acme/garden-sensors',
    ]);
    const publicOnly = sandbox.mintToken({ account: 'ada-acme', scopes: ['public_repo'] }).accessToken;
    const limited = (await (await api(sandbox, publicOnly, '/user/repos?per_page=100')).json()) as {
      private: boolean;
    }[];
    expect(limited.length).toBe(4);
    expect(limited.every((repo) => !repo.private)).toBe(true);
    const owned = (await (
      await api(sandbox, ada, '/user/repos?affiliation=owner&visibility=private')
    ).json()) as {
      full_name: string;
    }[];
    expect(owned.map((repo) => repo.full_name)).toEqual(['ada-acme/notes']);
    const conflict = await api(sandbox, ada, '/user/repos?type=owner&visibility=public');
    expect(conflict.status).toBe(422);
  });

  it('searches issues with repo:, is: and free-text qualifiers, only where the caller can see', async () => {
    const { sandbox, ada, grace } = setup();
    const search = async (token: string, q: string, extra = '') => {
      const response = await api(sandbox, token, `/search/issues?q=${encodeURIComponent(q)}${extra}`);
      return {
        response,
        body: (await response.json()) as { total_count: number; items: { title: string }[] },
      };
    };
    const overheat = await search(ada, 'repo:acme-robotics/firmware is:issue is:open overheats');
    expect(overheat.body.total_count).toBe(1);
    expect(overheat.body.items[0]).toMatchObject({
      title: 'Motor controller overheats at 80% duty cycle',
      html_url: 'https://github.com/acme-robotics/firmware/issues/1',
      repository_url: 'https://api.github.com/repos/acme-robotics/firmware',
    });
    expect(overheat.response.headers.get('x-ratelimit-resource')).toBe('search');
    expect(overheat.response.headers.get('x-ratelimit-limit')).toBe('30');
    expect((await search(ada, 'repo:acme-robotics/firmware is:pr')).body.items.map((i) => i.title)).toEqual([
      'Add CAN bus watchdog',
    ]);
    expect(
      (await search(ada, 'repo:acme-robotics/website is:closed')).body.items.map((i) => i.title),
    ).toEqual(['Broken link on the pricing page']);
    expect((await search(ada, '"dark mode"')).body.total_count).toBe(1);
    expect((await search(grace, 'watchdog')).body.total_count).toBe(0);
    const hidden = await search(grace, 'repo:acme-robotics/firmware overheats');
    expect(hidden.response.status).toBe(422);
    const paged = await search(ada, 'is:issue', '&per_page=2&page=1');
    expect(paged.body.items).toHaveLength(2);
    expect(parseLink(paged.response.headers.get('link')).next).toContain('page=2');
    const missing = await api(sandbox, ada, '/search/issues');
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({
      message: 'Validation Failed',
      errors: [{ field: 'q', code: 'missing' }],
    });
  });
});
