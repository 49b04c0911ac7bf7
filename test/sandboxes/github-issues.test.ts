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

describe('GitHub sandbox issues and comments', () => {
  it('creates an issue with labels and assignees and a comment on it, visible in the view', async () => {
    const { sandbox, ada } = setup();
    const created = await api(sandbox, ada, '/repos/acme-robotics/firmware/issues', {
      method: 'POST',
      body: {
        title: 'Encoder drift on joint 3',
        body: 'Seen after 2 h.',
        labels: ['bug', 'hardware'],
        assignees: ['ada-acme'],
      },
    });
    expect(created.status).toBe(201);
    const issue = await created.json();
    expect(issue).toMatchObject({
      number: 3,
      title: 'Encoder drift on joint 3',
      state: 'open',
      html_url: 'https://github.com/acme-robotics/firmware/issues/3',
      user: { login: 'ada-acme' },
      assignees: [{ login: 'ada-acme' }],
      comments: 0,
      created_at: '2026-03-20T12:00:00Z',
    });
    expect(issue.labels.map((label: { name: string }) => label.name)).toEqual(['bug', 'hardware']);
    expect(issue.node_id).toEqual(expect.any(String));
    const comment = await api(sandbox, ada, '/repos/acme-robotics/firmware/issues/3/comments', {
      method: 'POST',
      body: { body: 'Swapped the encoder, watching.' },
    });
    expect(comment.status).toBe(201);
    expect(await comment.json()).toMatchObject({
      body: 'Swapped the encoder, watching.',
      user: { login: 'ada-acme' },
    });
    const repos = sandbox.view().repositories as {
      fullName: string;
      issues: { number: number; comments: unknown[] }[];
    }[];
    const firmware = repos.find((repo) => repo.fullName === 'acme-robotics/firmware')!;
    expect(firmware.issues[0]).toMatchObject({
      number: 3,
      comments: [{ author: 'ada-acme', body: 'Swapped the encoder, watching.' }],
    });
  });

  it('decodes percent-encoded path segments', async () => {
    const { sandbox, ada } = setup();
    const response = await api(sandbox, ada, '/repos/acme%2Drobotics/website/issues', {
      method: 'POST',
      body: { title: 'Encoded' },
    });
    expect(response.status).toBe(201);
  });

  it('answers 404 for private repos the caller cannot see, 410 when issues are disabled, 422 for bad input', async () => {
    const { sandbox, ada, grace } = setup();
    const post = (token: string, path: string, body: unknown) =>
      api(sandbox, token, path, { method: 'POST', body });
    const hidden = await post(grace, '/repos/acme-robotics/firmware/issues', { title: 'x' });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({
      message: 'Not Found',
      documentation_url: expect.any(String),
      status: '404',
    });
    expect((await post(ada, '/repos/acme-robotics/nope/issues', { title: 'x' })).status).toBe(404);
    const noScope = sandbox.mintToken({ account: 'ada-acme', scopes: ['read:user'] }).accessToken;
    expect((await post(noScope, '/repos/acme-robotics/firmware/issues', { title: 'x' })).status).toBe(404);
    expect((await post(noScope, '/repos/acme-robotics/website/issues', { title: 'x' })).status).toBe(404);
    const publicRepo = sandbox.mintToken({ account: 'grace-acme', scopes: ['public_repo'] }).accessToken;
    expect((await post(publicRepo, '/repos/acme-robotics/website/issues', { title: 'ok' })).status).toBe(201);
    const gone = await post(ada, '/repos/acme-robotics/archive/issues', { title: 'x' });
    expect(gone.status).toBe(410);
    expect((await post(ada, '/repos/acme-robotics/archive/issues/1/comments', { body: 'x' })).status).toBe(
      410,
    );
    const noTitle = await post(ada, '/repos/acme-robotics/website/issues', { body: 'no title' });
    expect(noTitle.status).toBe(422);
    expect(await noTitle.json()).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }],
      documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
      status: '422',
    });
    const badAssignee = await post(ada, '/repos/acme-robotics/website/issues', {
      title: 'x',
      assignees: ['octocat'],
    });
    expect(badAssignee.status).toBe(422);
    expect(await badAssignee.json()).toMatchObject({
      errors: [{ field: 'assignees', code: 'invalid', value: 'octocat' }],
    });
    expect((await post(ada, '/repos/acme-robotics/website/issues/99/comments', { body: 'x' })).status).toBe(
      404,
    );
    const noBody = await post(ada, '/repos/acme-robotics/website/issues/2/comments', {});
    expect(await noBody.json()).toMatchObject({
      errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }],
    });
  });
});
