import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../runtime/build/build-app.ts';
import { buildApp } from '../../runtime/build/build-app.ts';
import { type DoctorReport, exitCodeOf, runDoctor } from '../../runtime/doctor/doctor.ts';
import { formatReport } from '../../runtime/doctor/report-text.ts';
import { openDatabase } from '../../runtime/storage/database.ts';
import { RecordStore } from '../../runtime/storage/records.ts';
import { loadSecretBox } from '../../runtime/storage/secret-box.ts';
import {
  addConnection,
  approveConsent,
  type Harness,
  removeDataDir,
  startHarness,
} from '../runtime/helpers/runtime-harness.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Every secret the runtime holds for these connections: none may appear in anything the doctor prints. */
const secretsOf = (harness: Harness) => [
  harness.services.ctx.secrets.appToken,
  ...harness.services.ctx.connections
    .list()
    .flatMap((c) => [c.accessToken, c.refreshToken])
    .filter((t): t is string => Boolean(t)),
];

const connectionOf = (report: DoctorReport, provider: string) => {
  const found = report.providers.find((p) => p.provider === provider)?.connections[0];
  if (!found) throw new Error(`no ${provider} connection in the report: ${JSON.stringify(report)}`);
  return found;
};

const statusOf = (report: DoctorReport, provider: string) =>
  Object.fromEntries(connectionOf(report, provider).checks.map((c) => [c.check, c.status]));

/** `npm run doctor` itself, as an admin runs it, against the harness's runtime. */
const runCli = (harness: Harness, args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn('npm', ['run', '--silent', 'doctor', '--', '--url', harness.baseUrl, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TWENTY_CONNECT_DATA_DIR: harness.dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });

/**
 * The sandboxes, with one provider answer replaced: `answer` returns a Response for the requests it takes over
 * (by the real host and path, as the doctor sent them to the runtime's bridge) and null for the rest.
 */
const sandboxWith = (
  answer: (host: string, path: string, body: string, headers: Headers) => Response | null,
): typeof fetch => {
  const realFetch = globalThis.fetch;
  return async (input, init) => {
    const request = new Request(input, init);
    const match = new URL(request.url).pathname.match(/^\/_sandbox\/([^/]+)(\/.*)$/);
    if (match) {
      const replaced = answer(match[1]!, match[2]!, await request.clone().text(), request.headers);
      if (replaced) return replaced;
    }
    return realFetch(request);
  };
};

/** Slack Web API arguments, JSON or form-encoded. */
const slackArgs = (body: string): Record<string, string> => {
  try {
    return JSON.parse(body);
  } catch {
    return Object.fromEntries(new URLSearchParams(body));
  }
};

/** One runtime for the file; the tests run in order and build on each other's state (as an admin's runtime would). */
describe('npm run doctor against the sandboxes', () => {
  let app: BuiltApp;
  let harness: Harness;
  beforeAll(async () => {
    app = await buildApp(PROJECT_ROOT);
    harness = await startHarness({ app });
    await harness.api('PUT', '/api/server-variables', {
      values: {
        LINEAR_CLIENT_ID: 'lin-app-id',
        LINEAR_CLIENT_SECRET: 'lin-app-secret-value',
        GITHUB_CLIENT_ID: 'gh-app-id',
        GITHUB_CLIENT_SECRET: 'gh-app-secret-value',
        SLACK_CLIENT_ID: '1111.2222',
        SLACK_CLIENT_SECRET: 'slack-secret-value',
      },
    });
    for (const provider of ['linear', 'github', 'slack']) {
      const landed = await addConnection(harness, { member: 'ada', provider, visibility: 'workspace' });
      expect(landed.searchParams.get('connectionError')).toBeNull();
    }
  }, 240_000);
  afterAll(async () => {
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  it('prints a per-provider report in which every check passes, with progress, and no token', async () => {
    const cli = await runCli(harness, []);

    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('twenty-connect doctor · sandbox mode');
    for (const head of ['Linear: configured, requests read, write', 'GitHub: configured, requests repo']) {
      expect(cli.stdout).toContain(head);
    }
    expect(cli.stdout).toMatch(/ok +token +accepted: Ada Lovelace \(ada@[^)]+\) · Acme Robotics/);
    expect(cli.stdout).toMatch(/ok +scopes +requested repo; granted repo \(X-OAuth-Scopes\)/);
    expect(cli.stdout).toMatch(/ok +rate limit +requests: \d+ of \d+ left/);
    expect(cli.stdout).toMatch(/ok +shape: conversations.list +has every field the app reads/);
    expect(cli.stdout).toMatch(/Result: ok\. 3 connection\(s\) checked: all good\./);
    expect(cli.stdout).not.toMatch(/FAIL|WARN/);
    expect(cli.stderr).toMatch(
      /… Linear "Linear #1" \(Ada Lovelace\): asking Linear who the token belongs to/,
    );
    for (const secret of secretsOf(harness)) expect(`${cli.stdout}${cli.stderr}`).not.toContain(secret);
  }, 60_000);

  it('reports each check of each provider, expiry and refresh included, in --json form', async () => {
    const cli = await runCli(harness, ['--json']);
    const report = JSON.parse(cli.stdout) as DoctorReport;

    expect(report.verdict).toBe('ok');
    for (const provider of ['linear', 'github', 'slack']) {
      const checks = statusOf(report, provider);
      expect(checks).toMatchObject({
        reachable: 'ok',
        token: 'ok',
        scopes: 'ok',
        expiry: 'ok',
        'rate limit': 'ok',
      });
      expect(Object.keys(checks).filter((name) => name.startsWith('shape: ')).length).toBeGreaterThanOrEqual(
        2,
      );
    }
    const linearExpiry = connectionOf(report, 'linear').checks.find((c) => c.check === 'expiry')!;
    expect(linearExpiry.detail).toMatch(/expires at .+; refresh token present/);
    for (const secret of secretsOf(harness)) expect(cli.stdout).not.toContain(secret);
  }, 60_000);

  it('--write creates nothing where the provider cannot remove it, and says so', async () => {
    const linear = harness.services.ctx.bridge!.forProvider('linear')!;
    const slack = harness.services.ctx.bridge!.forProvider('slack')!;
    const creates = () => linear.calls().filter((call) => call.operation.includes('issueCreate')).length;
    const posts = () => JSON.stringify(slack.view()).split('doctor check').length;
    const [issuesBefore, postsBefore] = [creates(), posts()];

    const report = await runDoctor({
      runtimeUrl: harness.baseUrl,
      dataDir: harness.dataDir,
      write: { slackChannel: 'general' },
    });

    const write = (provider: string) =>
      connectionOf(report, provider).checks.find((c) => c.check.startsWith('write'))!;
    // The sandboxes implement neither issueDelete nor chat.delete: the doctor finds out before creating.
    expect(write('linear')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/nothing was created/),
    });
    expect(write('slack')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/nothing was posted/),
    });
    expect(write('github')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/no way .* delete an issue/),
    });
    expect(creates()).toBe(issuesBefore);
    expect(posts()).toBe(postsBefore);
    expect(report.verdict).toBe('ok');
  }, 60_000);

  it('--write creates one item per provider and removes it, where the provider can delete (issueDelete, chat.delete)', async () => {
    // Linear's issueDelete and Slack's chat.delete, which the sandboxes lack, answered as the providers document
    // them; every other request goes to the sandboxes. What is under test is the doctor's check-create-remove.
    const deleted: string[] = [];
    const created: string[] = [];
    const network = sandboxWith((host, path, body) => {
      if (host === 'api.linear.app' && body.includes('issueCreate')) {
        created.push((JSON.parse(body).variables as { input: { id: string } }).input.id);
      }
      if (host === 'api.linear.app' && body.includes('issueDelete')) {
        const { id } = JSON.parse(body).variables as { id: string };
        if (!created.includes(id)) {
          return Response.json({
            data: null,
            errors: [
              {
                message: 'Entity not found: Issue',
                extensions: {
                  code: 'INVALID_INPUT',
                  userPresentableMessage: 'Could not find referenced Issue.',
                },
              },
            ],
          });
        }
        deleted.push(`linear:${id}`);
        return Response.json({ data: { issueDelete: { success: true } } });
      }
      if (host === 'slack.com' && path === '/api/chat.delete') {
        const args = slackArgs(body);
        if (args.ts === '0000000000.000000') return Response.json({ ok: false, error: 'message_not_found' });
        deleted.push(`slack:${args.ts}`);
        return Response.json({ ok: true, channel: args.channel, ts: args.ts });
      }
      return null;
    });

    const report = await runDoctor({
      runtimeUrl: harness.baseUrl,
      dataDir: harness.dataDir,
      network,
      write: { slackChannel: '#general', linearTeam: 'ENG' },
    });

    const write = (provider: string) =>
      connectionOf(report, provider).checks.find((c) => c.check.startsWith('write'))!;
    expect(write('linear')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^created ENG-\d+ in ENG and deleted it/),
    });
    expect(write('slack')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^posted a message in C\w+ and deleted it/),
    });
    expect(deleted).toHaveLength(2);
    expect(deleted[0]).toBe(`linear:${created[0]}`);
    expect(JSON.stringify(harness.services.ctx.bridge!.forProvider('slack')!.view())).toContain(
      deleted[1]!.slice('slack:'.length),
    );
  }, 60_000);

  it('a provider answer without a field the app reads fails that shape check', async () => {
    // GitHub repositories without `private`: the app's listRepositories would report every repository public.
    const network = sandboxWith((host, path) =>
      host === 'api.github.com' && path === '/user/repos'
        ? Response.json([
            { full_name: 'acme/robots', html_url: 'https://github.com/acme/robots', description: null },
          ])
        : null,
    );

    const report = await runDoctor({ runtimeUrl: harness.baseUrl, dataDir: harness.dataDir, network });

    expect(
      connectionOf(report, 'github').checks.find((c) => c.check === 'shape: repositories'),
    ).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^differs from what the app parses: 0\.private: /),
    });
    expect(report.verdict).toBe('broken');
  }, 60_000);

  it('never prints a token, even one a provider echoes back in an error', async () => {
    const network = sandboxWith((host, path, _body, headers) =>
      host === 'api.github.com' && path === '/user'
        ? Response.json({ message: `Bad request with ${headers.get('authorization')}` }, { status: 400 })
        : null,
    );

    const report = await runDoctor({ runtimeUrl: harness.baseUrl, dataDir: harness.dataDir, network });

    const token = connectionOf(report, 'github').checks.find((c) => c.check === 'token')!;
    expect(token).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Bad request with Bearer [redacted]'),
    });
    for (const secret of secretsOf(harness)) expect(JSON.stringify(report)).not.toContain(secret);
  }, 60_000);

  it('a token about to expire is refreshed by the runtime when the doctor reads it, and the report says so', async () => {
    const soon = new Date(Date.now() + 30_000).toISOString();
    harness.services.ctx.db
      .prepare("UPDATE connections SET expires_at = ? WHERE provider = 'linear'")
      .run(soon);

    const report = await runDoctor({ runtimeUrl: harness.baseUrl, dataDir: harness.dataDir });

    const expiry = connectionOf(report, 'linear').checks.find((c) => c.check === 'expiry')!;
    expect(expiry).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^refreshed during this check; expires at /),
    });
    expect(statusOf(report, 'linear').token).toBe('ok');
  }, 60_000);

  it('says which connection is broken and why: refused token, missing scope, unconfigured provider', async () => {
    // GitHub: a connection approved with public_repo instead of the repo scope the app requests.
    const started = await harness.api('POST', '/api/connections', {
      member: 'grace',
      provider: 'github',
      visibility: 'user',
    });
    const narrowed = new URL(started.body.authorizeUrl);
    narrowed.searchParams.set('scope', 'public_repo');
    await approveConsent(harness, narrowed.toString());
    // Linear: every token revoked at the provider.
    expect((await harness.api('POST', '/api/sandbox/linear/revoke-all')).status).toBe(200);
    // Slack: the admin cleared the OAuth app.
    await harness.api('PUT', '/api/server-variables', {
      values: { SLACK_CLIENT_ID: '', SLACK_CLIENT_SECRET: '' },
    });
    const lines: string[] = [];

    const report = await runDoctor({
      runtimeUrl: harness.baseUrl,
      dataDir: harness.dataDir,
      progress: (line) => lines.push(line),
    });
    const text = formatReport(report);

    expect(report.verdict).toBe('broken');
    expect(exitCodeOf(report)).toBe(1);
    expect(statusOf(report, 'linear')).toMatchObject({ reachable: 'ok', token: 'fail' });
    expect(text).toMatch(/FAIL +token +refused: Linear rejected the connection "Linear #1"/);
    expect(text).toMatch(/WARN +expiry +marked for reconnecting just now, after the refusal above/);
    const grace = report.providers
      .find((p) => p.provider === 'github')!
      .connections.find((c) => c.owner === 'Grace Hopper')!;
    expect(grace.checks.find((c) => c.check === 'scopes')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^missing repo: requested repo; granted public_repo \(X-OAuth-Scopes\)/),
    });
    expect(text).toContain('Slack: not configured: fill SLACK_CLIENT_ID and SLACK_CLIENT_SECRET');
    expect(report.summary).toMatch(/Linear "Linear #1": token/);
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of secretsOf(harness)) expect(`${text}${lines.join('\n')}`).not.toContain(secret);
  }, 60_000);

  it('in live mode without a network, says plainly that it needs the network (and sends nothing out)', async () => {
    await harness.stop();
    harness = await startHarness({ app, dataDir: harness.dataDir, mode: 'live' });
    const outside: string[] = [];
    const realFetch = globalThis.fetch;
    const offline: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (url.hostname === '127.0.0.1') return realFetch(request);
      outside.push(url.hostname);
      const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname}`), { code: 'ENOTFOUND' });
      throw new TypeError('fetch failed', { cause });
    };

    const report = await runDoctor({
      runtimeUrl: harness.baseUrl,
      dataDir: harness.dataDir,
      network: offline,
    });

    expect(report.mode).toBe('live');
    expect(report.verdict).toBe('needs-network');
    expect(exitCodeOf(report)).toBe(2);
    expect(report.summary).toMatch(/^No network: the doctor checks the real Linear, GitHub and Slack/);
    expect(connectionOf(report, 'linear').checks).toEqual([
      expect.objectContaining({
        check: 'reachable',
        status: 'fail',
        detail: expect.stringMatching(
          /could not reach api.linear.app: DNS lookup failed \(ENOTFOUND\)\. .*needs the network/,
        ),
      }),
      // Refused in the previous test: still marked, so the app skips it until the member reconnects.
      expect.objectContaining({
        check: 'expiry',
        status: 'fail',
        detail: expect.stringMatching(/^marked for reconnecting since /),
      }),
    ]);
    expect(new Set(outside)).toEqual(new Set(['api.linear.app', 'api.github.com']));
    // Two GitHub connections, one Linear: the second GitHub connection is not sent into the same retries.
    const github = report.providers.find((p) => p.provider === 'github')!.connections;
    expect(github).toHaveLength(2);
    for (const connection of github) expect(connection.checks[0]!.detail).toMatch(/needs the network/);
    const count = (host: string) => outside.filter((h) => h === host).length;
    expect(count('api.github.com')).toBe(count('api.linear.app'));
  }, 60_000);

  it("says when its data dir is not the running runtime's (the app token is refused)", async () => {
    const other = mkdtempSync(join(tmpdir(), 'twenty-connect-other-'));
    const db = openDatabase(other);
    new RecordStore(db, loadSecretBox(other)).persistentSecret(
      'app-application-token',
      () => 'tca_not_this_runtime',
    );
    db.close();

    const report = await runDoctor({ runtimeUrl: harness.baseUrl, dataDir: other });

    removeDataDir(other);
    expect(report.verdict).toBe('cannot-run');
    expect(exitCodeOf(report)).toBe(2);
    expect(report.summary).toMatch(/refused the app token found in .+: it runs with another data dir/);
    expect(JSON.stringify(report)).not.toContain('tca_not_this_runtime');
  });

  it('says when the runtime is not running', async () => {
    const report = await runDoctor({ runtimeUrl: 'http://127.0.0.1:9', dataDir: harness.dataDir });

    expect(report.verdict).toBe('cannot-run');
    expect(report.summary).toMatch(/not answering at http:\/\/127.0.0.1:9\. Start it \(npm start\)/);
  });
});
