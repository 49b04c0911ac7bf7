import { spawn } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime } from '../../local/runtime.ts';
import { buildApp, withBuildLock } from '../../local/twenty/build/build-app.ts';
import { loadSettings } from '../../local/twenty/config/settings.ts';
import { MIGRATIONS } from '../../local/twenty/storage/migrations.ts';
import { registerClient, registrationToken } from './helpers/mcp-oauth.ts';
import { builtFixtureApp, type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

/** The bytes of the data dir's own files (database, WAL, key), as latin1 text: an ASCII token is found in it. */
const dataDirBytes = (dataDir: string): string =>
  readdirSync(dataDir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(dataDir, entry.name)).toString('latin1'))
    .join('\n');

const callRoute = (harness: Harness, token: string) =>
  fetch(`${harness.baseUrl}/s/whoami/eng`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });

describe('a workspace (client-credentials) MCP client', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  it('cannot be registered without a secret (token_endpoint_auth_method none)', async () => {
    const token = await registrationToken(harness);
    const refused = await registerClient(
      harness.baseUrl,
      {
        client_name: 'no-secret agent',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'none',
      },
      token,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_client_metadata');
    expect(refused.body.error_description).toContain('must authenticate with a secret');
    const clients = harness.services.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM mcp_oauth_records WHERE model = 'Client'")
      .get() as { n: number };
    expect(clients.n).toBe(0);
  });
});

describe('member route tokens at rest', () => {
  it('are stored as hashes: no route token is anywhere in the data dir, and each still calls routes', async () => {
    const harness = await startHarness();
    try {
      const session = await (await fetch(`${harness.baseUrl}/api/session`)).json();
      const ada = session.members.find((m: { id: string }) => m.id === 'ada');
      expect(ada.routeToken).toMatch(/^tcm_/);
      const response = await callRoute(harness, ada.routeToken);
      expect(response.status).toBe(200);
      expect(await callRoute(harness, `${ada.routeToken}x`).then((r) => r.status)).toBe(401);
      await harness.stop();
      const bytes = dataDirBytes(harness.dataDir);
      for (const member of session.members) expect(bytes).not.toContain(member.routeToken);
    } finally {
      await harness.stop();
      removeDataDir(harness.dataDir);
    }
  });

  it('an existing data dir with clear tokens upgrades: the same tokens call routes, and are no longer on disk', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twenty-connect-legacy-'));
    // The schema as versions 1 to 3 left it, with the clear tokens the seed wrote then.
    const legacy = new DatabaseSync(join(dataDir, 'runtime.sqlite'));
    legacy.exec('PRAGMA journal_mode = WAL');
    legacy.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const migration of MIGRATIONS.filter((m) => m.version <= 3)) {
      legacy.exec(migration.sql);
      legacy
        .prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)')
        .run(migration.version, migration.name, new Date().toISOString());
    }
    const tokens = {
      ada: 'tcm_legacyAdaToken0123456789abcdefghijklmn',
      grace: 'tcm_legacyGraceToken0123456789abcdefghijk',
      alan: 'tcm_legacyAlanToken0123456789abcdefghijkl',
    };
    const members = [
      [
        'ada',
        'Ada Lovelace',
        'ada@example.com',
        1,
        '0b5a1d2e-7c3f-4a8b-9d6e-1f2a3b4c5d01',
        '6c1e2f3a-8d4b-4c9a-8e7f-2a3b4c5d6e01',
      ],
      [
        'grace',
        'Grace Hopper',
        'grace@example.com',
        0,
        '0b5a1d2e-7c3f-4a8b-9d6e-1f2a3b4c5d02',
        '6c1e2f3a-8d4b-4c9a-8e7f-2a3b4c5d6e02',
      ],
      [
        'alan',
        'Alan Turing',
        'alan@example.com',
        0,
        '0b5a1d2e-7c3f-4a8b-9d6e-1f2a3b4c5d03',
        '6c1e2f3a-8d4b-4c9a-8e7f-2a3b4c5d6e03',
      ],
    ] as const;
    members.forEach(([id, ...rest], position) => {
      legacy
        .prepare(
          `INSERT INTO members (id, name, email, is_admin, user_workspace_id, workspace_member_id, route_token, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, ...rest, tokens[id], position);
    });
    legacy.close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'runtime.sqlite'), 0o644);

    const harness = await startHarness({ dataDir });
    try {
      for (const [id, token] of Object.entries(tokens)) {
        const response = await callRoute(harness, token);
        expect(response.status, `${id}'s old token`).toBe(200);
      }
      const session = await (await fetch(`${harness.baseUrl}/api/session`)).json();
      expect(session.members.map((m: { routeToken: string }) => m.routeToken)).toEqual(Object.values(tokens));
      await harness.stop();
      const bytes = dataDirBytes(dataDir);
      for (const token of Object.values(tokens)) expect(bytes).not.toContain(token);
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'runtime.sqlite'))).toBe(0o600);
    } finally {
      await harness.stop();
      removeDataDir(dataDir);
    }
  });
});

describe('the data dir', () => {
  it('is private to the user: directory 0700, database, WAL and key 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'twenty-connect-perm-')), 'data');
    const previous = process.umask(0o022);
    const harness = await startHarness({ dataDir });
    try {
      await harness.api('PUT', '/api/server-variables', { values: { LINEAR_CLIENT_ID: 'lin-client-id' } });
      expect(mode(dataDir)).toBe(0o700);
      for (const file of ['runtime.sqlite', 'runtime.sqlite-wal', 'runtime.sqlite-shm', 'secret.key'])
        expect(mode(join(dataDir, file)), file).toBe(0o600);
    } finally {
      process.umask(previous);
      await harness.stop();
      removeDataDir(join(dataDir, '..'));
    }
  });
});

describe('the console', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  it('is served with a strict Content-Security-Policy: own scripts and styles only, nothing inline, no framing', async () => {
    for (const path of ['/', '/console/app.js', '/console/styles.css']) {
      const response = await fetch(`${harness.baseUrl}${path}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((part) => {
          const [name, ...values] = part.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get('default-src')).toEqual(["'none'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(csp).not.toContain('unsafe');
    }
    const html = await (await fetch(harness.baseUrl)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});

describe('run history retention', () => {
  it('reads runHistory from .twentyrc and TWENTY_CONNECT_RUN_HISTORY, with a default of 1000', () => {
    const root = mkdtempSync(join(tmpdir(), 'twenty-connect-rc-'));
    try {
      expect(loadSettings(root, {}).runHistory).toBe(1000);
      writeFileSync(join(root, '.twentyrc'), JSON.stringify({ runtime: { runHistory: 50 } }));
      expect(loadSettings(root, {}).runHistory).toBe(50);
      expect(loadSettings(root, { TWENTY_CONNECT_RUN_HISTORY: '7' }).runHistory).toBe(7);
      expect(() => loadSettings(root, { TWENTY_CONNECT_RUN_HISTORY: '0' })).toThrow(/runHistory/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps only the newest runs the setting allows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twenty-connect-runs-'));
    const runtime = await startRuntime({
      appPath: '',
      app: await builtFixtureApp(),
      cron: false,
      log: () => {},
      settings: {
        host: '127.0.0.1',
        port: 0,
        dataDir,
        mode: 'sandbox',
        mcpAccessTokenTtl: 600,
        runHistory: 3,
      },
    });
    try {
      const session = await (await fetch(`${runtime.baseUrl}/api/session`)).json();
      const tool = runtime.services.runner.list().find((fn) => fn.toolTriggerSettings)!;
      const runIds: string[] = [];
      for (let index = 0; index < 5; index++) {
        const response = await fetch(`${runtime.baseUrl}/api/functions/${tool.universalIdentifier}/run`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': session.csrfToken },
          body: JSON.stringify({ trigger: 'tool', member: 'ada', input: {} }),
        });
        runIds.push((await response.json()).runId);
      }
      const count = runtime.services.ctx.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number };
      expect(count.n).toBe(3);
      expect(runtime.services.ctx.runs.recent(10).map((run) => run.runId)).toEqual(runIds.slice(2).reverse());
    } finally {
      await runtime.close();
      removeDataDir(dataDir);
    }
  });
});

describe('sandbox state', () => {
  it('is saved before a create is answered: after a crash right then, the item is there and its identifier is not reused', async () => {
    const harness = await startHarness();
    const copyDir = mkdtempSync(join(tmpdir(), 'twenty-connect-crash-'));
    const linear = harness.services.ctx.bridge!.forProvider('linear')!;
    const { accessToken } = linear.mintToken({ scopes: ['read', 'write'] });
    const gql = async (base: string, query: string, variables: Record<string, unknown> = {}) =>
      (
        await fetch(`${base}/_sandbox/api.linear.app/graphql`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        })
      ).json();
    const CREATE = `mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { issue { identifier } } }`;
    let restarted: Harness | undefined;
    try {
      const teams = await gql(harness.baseUrl, '{ teams { nodes { id key } } }');
      const team = teams.data.teams.nodes.find((t: { key: string }) => t.key === 'ENG');
      const created = await gql(harness.baseUrl, CREATE, {
        input: { teamId: team.id, title: 'Before the crash' },
      });
      const first = created.data.issueCreate.issue.identifier as string;
      // The crash: the database as it is on disk the moment the create was answered (no timer, no flush).
      harness.services.ctx.db.exec(`VACUUM INTO '${join(copyDir, 'runtime.sqlite')}'`);
      writeFileSync(join(copyDir, 'secret.key'), readFileSync(join(harness.dataDir, 'secret.key')));
      restarted = await startHarness({ dataDir: copyDir });
      const view = restarted.services.ctx.bridge!.forProvider('linear')!.view() as {
        teams: { key: string; issues: { identifier: string; title: string }[] }[];
      };
      const issues = view.teams.find((t) => t.key === 'ENG')!.issues;
      expect(issues.map((issue) => issue.identifier)).toContain(first);
      const again = await gql(restarted.baseUrl, CREATE, {
        input: { teamId: team.id, title: 'After the crash' },
      });
      expect(again.data.issueCreate.issue.identifier).not.toBe(first);
    } finally {
      await restarted?.stop();
      await harness.stop();
      removeDataDir(harness.dataDir);
      removeDataDir(copyDir);
    }
  });
});

describe('the build lock', () => {
  const appDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'twenty-connect-lock-'));
    mkdirSync(join(dir, '.twenty', '.build-lock'), { recursive: true });
    return dir;
  };

  it('left by a build killed with kill -9 is broken at once by the next build', async () => {
    const dir = appDir();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    await new Promise((resolve) => child.once('spawn', resolve));
    writeFileSync(join(dir, '.twenty', '.build-lock', 'owner'), `${child.pid} ${hostname()}\n`);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    try {
      // An empty folder is no app: the build fails fast once it has the lock, instead of waiting for it.
      await expect(buildApp(dir)).rejects.toThrow(/Building the app failed/);
      expect(readdirSync(join(dir, '.twenty'))).not.toContain('.build-lock');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('held by a live build is waited for, and the wait is said once', async () => {
    const dir = appDir();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    await new Promise((resolve) => child.once('spawn', resolve));
    writeFileSync(join(dir, '.twenty', '.build-lock', 'owner'), `${child.pid} ${hostname()}\n`);
    const said: string[] = [];
    let ran = false;
    try {
      const build = withBuildLock(
        dir,
        async () => {
          ran = true;
        },
        { onWait: (message) => said.push(message) },
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(ran).toBe(false);
      expect(said).toEqual([expect.stringContaining('waiting for another build')]);
      child.kill('SIGKILL');
      await build;
      expect(ran).toBe(true);
      expect(said).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
