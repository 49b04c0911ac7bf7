import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DoctorReport, exitCodeOf, runDoctor } from '../../local/doctor/doctor.ts';
import { formatReport } from '../../local/doctor/report-text.ts';
import type { BuiltApp } from '../../local/twenty/build/build-app.ts';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { openDatabase } from '../../local/twenty/storage/database.ts';
import { RecordStore } from '../../local/twenty/storage/records.ts';
import { loadSecretBox } from '../../local/twenty/storage/secret-box.ts';
import { assertSlackRequest } from '../contracts/checks/slack-request.ts';
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

  it('--write creates one item per provider against the sandboxes and removes it (issueDelete, chat.delete)', async () => {
    const linear = harness.services.ctx.bridge!.forProvider('linear')!;
    const slack = harness.services.ctx.bridge!.forProvider('slack')!;
    const [linearBefore, slackBefore] = [linear.calls().length, slack.calls().length];

    const report = await runDoctor({
      runtimeUrl: harness.baseUrl,
      dataDir: harness.dataDir,
      write: { slackChannel: '#general', linearTeam: 'ENG' },
    });

    const write = (provider: string) =>
      connectionOf(report, provider).checks.find((c) => c.check.startsWith('write'))!;
    expect(write('linear')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(
        /^created ENG-\d+ in ENG and deleted it \(in Linear's trash for 30 days\)/,
      ),
    });
    expect(write('slack')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^posted a message in C0ACMEGENRL and deleted it/),
    });
    expect(write('github')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/no way .* delete an issue/),
    });
    expect(report.verdict).toBe('ok');
    // Linear: the test issue is in ENG's trash, not among its issues.
    const identifier = /^created (ENG-\d+)/.exec(write('linear').detail)![1];
    const eng = (
      linear.view() as {
        teams: { key: string; issues: { title: string }[]; trash: { identifier: string; title: string }[] }[];
      }
    ).teams.find((team) => team.key === 'ENG')!;
    expect(eng.issues.filter((issue) => issue.title.includes('doctor check'))).toEqual([]);
    expect(eng.trash).toEqual([
      expect.objectContaining({ identifier, title: expect.stringContaining('doctor check') }),
    ]);
    const linearOps = linear
      .calls()
      .slice(linearBefore)
      .map((call) => call.operation);
    expect(linearOps.filter((op) => op === 'issueCreate')).toHaveLength(1);
    // The check with an unknown id first, then the test issue.
    expect(linearOps.filter((op) => op === 'issueDelete')).toHaveLength(2);
    // Slack: nothing left in any channel, and every call one the Web API contract allows.
    expect(JSON.stringify(slack.view())).not.toContain('doctor check');
    const slackCalls = slack.calls().slice(slackBefore);
    expect(slackCalls.map((call) => call.operation).filter((op) => op.startsWith('chat.'))).toEqual([
      'chat.delete',
      'chat.postMessage',
      'chat.delete',
    ]);
    for (const call of slackCalls) {
      const form = new URLSearchParams(call.body as Record<string, string>);
      expect(assertSlackRequest({ method: call.operation, body: form, url: call.url })).toBe(call.operation);
    }
  }, 60_000);

  it('--write creates nothing where the provider cannot remove it, and says so', async () => {
    // A Linear token that may not delete (FORBIDDEN, as Linear answers a token without the write scope) and a
    // Slack that refuses deletion (no_permission, in chat.delete's errors in Slack's spec): the doctor asks with
    // an id that does not exist before creating anything.
    const network = sandboxWith((host, path, body) => {
      if (host === 'api.linear.app' && body.includes('issueDelete')) {
        return Response.json({
          data: null,
          errors: [
            {
              message: 'Invalid scope: `write` required',
              extensions: {
                type: 'forbidden',
                code: 'FORBIDDEN',
                userPresentableMessage: 'You do not have permission to perform this action.',
              },
            },
          ],
        });
      }
      if (host === 'slack.com' && path === '/api/chat.delete') {
        return Response.json({ ok: false, error: 'no_permission' });
      }
      return null;
    });
    const linear = harness.services.ctx.bridge!.forProvider('linear')!;
    const slack = harness.services.ctx.bridge!.forProvider('slack')!;
    const [linearBefore, slackBefore] = [linear.calls().length, slack.calls().length];
    // What the providers hold; the Linear webhook's delivery log is left out: deliveries of the previous test's
    // changes are still being attempted in the background.
    const views = () => JSON.stringify([{ ...linear.view(), deliveries: undefined }, slack.view()]);
    const viewsBefore = views();

    const report = await runDoctor({
      runtimeUrl: harness.baseUrl,
      dataDir: harness.dataDir,
      network,
      write: { slackChannel: 'general' },
    });

    const write = (provider: string) =>
      connectionOf(report, provider).checks.find((c) => c.check.startsWith('write'))!;
    expect(write('linear')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/cannot delete issues .* nothing was created/),
    });
    expect(write('slack')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/cannot delete messages .* nothing was posted/),
    });
    expect(write('github')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/no way .* delete an issue/),
    });
    const operations = [...linear.calls().slice(linearBefore), ...slack.calls().slice(slackBefore)].map(
      (call) => call.operation,
    );
    expect(operations).not.toContain('issueCreate');
    expect(operations).not.toContain('chat.postMessage');
    expect(views()).toBe(viewsBefore);
    expect(report.verdict).toBe('ok');
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
