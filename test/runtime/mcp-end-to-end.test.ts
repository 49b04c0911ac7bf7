import { resolve } from 'node:path';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { Sandbox } from '../../local/sandboxes/sandbox.ts';
import { readConsentForm } from '../../local/sandboxes/shared/index.ts';
import { type BuiltApp, buildApp } from '../../local/twenty/build/build-app.ts';
import { toolName } from '../../local/twenty/build/manifest.ts';
import type { Connection } from '../../local/twenty/storage/connections.ts';
import type { RunRecord } from '../../local/twenty/storage/runs.ts';
import { consentInBrowser, MemoryOAuthClientProvider, REDIRECT_URI } from './helpers/mcp-oauth.ts';
import { type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const TOOL = 'app_linear_create_issue';
const MCP_SCOPE = 'mcp:tools:read mcp:tools:execute';

/** One HTTP request the MCP client made (its own fetch), for asserting the OAuth discovery and dance. */
type Sent = { method: string; path: string; status: number };

/** A `fetch` that records every request the SDK client makes (MCP, discovery, registration, token). */
const recordingFetch = (sent: Sent[]) => async (input: string | URL | Request, init?: RequestInit) => {
  const request = new Request(input, init);
  const response = await fetch(request);
  sent.push({ method: request.method, path: new URL(request.url).pathname, status: response.status });
  return response;
};

/** What the tool returned: the app's result object, from the single JSON text content. */
const resultOf = (result: CallToolResult) => {
  expect(result.content).toHaveLength(1);
  const [content] = result.content;
  expect(content?.type).toBe('text');
  return JSON.parse((content as { text: string }).text) as {
    success: boolean;
    code?: string;
    error?: string;
    fields?: string[];
    connection?: { id: string; name: string; visibility: string; account: string | null };
    issue?: { id: string; identifier: string; title: string; url: string };
  };
};

describe('MCP end to end: the official SDK client, OAuth 2.1, and the real app on a fresh runtime', () => {
  let built: BuiltApp;
  let harness: Harness;
  let linear: Sandbox;
  /** Every request the Linear sandbox answered, as the runtime handed it over (its Authorization included). */
  let linearHandle: MockInstance<Sandbox['handle']>;

  /** Bearer tokens of the Linear API requests (not OAuth) made since call number `from`. */
  const linearApiTokens = (from: number) =>
    linearHandle.mock.calls
      .slice(from)
      .map(([request]) => request)
      .filter((request) => new URL(request.url).hostname === 'api.linear.app')
      .filter((request) => new URL(request.url).pathname === '/graphql')
      .map((request) => (request.headers.get('authorization') ?? '').replace(/^Bearer\s+/i, ''));

  const linearConnections = (): Connection[] => harness.services.ctx.connections.list({ provider: 'linear' });

  const connectionOf = (member: string, visibility: 'user' | 'workspace'): Connection => {
    const { userWorkspaceId } = harness.services.ctx.members.byId(member)!;
    const found = linearConnections().filter(
      (c) => c.userWorkspaceId === userWorkspaceId && c.visibility === visibility,
    );
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  /** The sandbox's ENG issues as a person sees them in Linear. */
  const engIssues = () => {
    const view = linear.view() as {
      teams: { key: string; issues: { identifier: string; title: string; creator: string | null }[] }[];
    };
    return view.teams.find((team) => team.key === 'ENG')!.issues;
  };

  /**
   * Add connection in the console, approving Linear's consent as a chosen Linear user (the harness helper
   * always takes the first one): returns the new connection's id.
   */
  const connectLinear = async (member: string, visibility: 'user' | 'workspace', linearUser: string) => {
    const started = await harness.api('POST', '/api/connections', { member, provider: 'linear', visibility });
    expect(started.status).toBe(200);
    const authorizeUrl = String(started.body.authorizeUrl);
    const form = readConsentForm(await (await fetch(authorizeUrl)).text());
    const users = (linear.view() as { users: { id: string; name: string }[] }).users;
    const account = users.find((user) => user.name === linearUser)!.id;
    expect(form.accounts).toContain(account);
    const decided = await fetch(authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.fields, account, decision: 'approve' }),
      redirect: 'manual',
    });
    const callback = decided.headers.get('location');
    expect(callback).toBeTruthy();
    const landed = await fetch(new URL(callback!, authorizeUrl), { redirect: 'manual' });
    const consoleUrl = new URL(landed.headers.get('location') ?? '/', harness.baseUrl);
    expect(consoleUrl.searchParams.get('connectionError')).toBeNull();
    const id = consoleUrl.searchParams.get('connected');
    expect(id).toBeTruthy();
    return id!;
  };

  /** Ada's MCP client: the whole OAuth dance once, shared by the tests that need a member's token. */
  let adaSession:
    | Promise<{ client: Client; provider: MemoryOAuthClientProvider; sent: Sent[]; authorizationUrl: URL }>
    | undefined;
  const connectAsAda = () => {
    adaSession ??= (async () => {
      const sent: Sent[] = [];
      const provider = new MemoryOAuthClientProvider();
      const url = new URL(`${harness.baseUrl}/mcp`);
      const first = new StreamableHTTPClientTransport(url, {
        authProvider: provider,
        fetch: recordingFetch(sent),
      });
      await expect(new Client({ name: 'e2e', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      const authorizationUrl = provider.authorizationUrl!;
      expect(authorizationUrl).toBeDefined();
      const redirected = await consentInBrowser(authorizationUrl, { member: 'ada' });
      expect(redirected.searchParams.get('error')).toBeNull();
      await first.finishAuth(redirected.searchParams.get('code')!);
      const client = new Client({ name: 'e2e', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: recordingFetch(sent) }),
      );
      return { client, provider, sent, authorizationUrl };
    })();
    return adaSession;
  };

  /** The workspace client: registered with the registration token, tokens through client credentials. */
  let workspaceSession:
    | Promise<{ client: Client; provider: ClientCredentialsProvider; clientSecret: string; sent: Sent[] }>
    | undefined;
  const connectAsWorkspace = () => {
    workspaceSession ??= (async () => {
      const mcp = await harness.api('GET', '/api/mcp');
      expect(mcp.status).toBe(200);
      const metadata = {
        client_name: 'e2e workspace job',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: MCP_SCOPE,
      };
      const register = (headers: Record<string, string>) =>
        fetch(`${harness.baseUrl}/oauth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(metadata),
        });
      const refused = await register({});
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toBe('invalid_client_metadata');
      const registered = await register({ authorization: `Bearer ${mcp.body.registrationToken}` });
      expect(registered.status).toBe(201);
      const { client_id: clientId, client_secret: clientSecret } = await registered.json();
      expect(clientId).toEqual(expect.any(String));
      expect(clientSecret).toEqual(expect.any(String));

      const sent: Sent[] = [];
      const provider = new ClientCredentialsProvider({
        clientId,
        clientSecret,
        scope: MCP_SCOPE,
        expectedIssuer: harness.baseUrl,
      });
      const client = new Client({ name: 'e2e-workspace', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${harness.baseUrl}/mcp`), {
          authProvider: provider,
          fetch: recordingFetch(sent),
        }),
      );
      return { client, provider, clientSecret, sent };
    })();
    return workspaceSession;
  };

  const createIssue = (client: Client, args: Record<string, unknown>) =>
    client.callTool({ name: TOOL, arguments: args }) as Promise<CallToolResult>;

  /** The tool filed `title` in ENG as `creator` with `connection`, and Linear saw that connection's token only. */
  const expectFiled = (
    result: CallToolResult,
    expected: {
      title: string;
      connection: Connection;
      creator: string;
      issuesBefore: number;
      callsBefore: number;
    },
  ) => {
    expect(result.isError).toBe(false);
    const body = resultOf(result);
    expect(body.success).toBe(true);
    expect(body.issue?.identifier).toMatch(/^ENG-\d+$/);
    expect(body.issue?.title).toBe(expected.title);
    expect(body.connection).toMatchObject({
      id: expected.connection.id,
      visibility: expected.connection.visibility,
    });
    expect(engIssues()).toHaveLength(expected.issuesBefore + 1);
    expect(engIssues()).toContainEqual(
      expect.objectContaining({
        identifier: body.issue!.identifier,
        title: expected.title,
        creator: expected.creator,
      }),
    );
    const used = linearApiTokens(expected.callsBefore);
    expect(used.length).toBeGreaterThan(0);
    expect(new Set(used)).toEqual(new Set([expected.connection.accessToken]));
    return used;
  };

  beforeAll(async () => {
    built = await buildApp(PROJECT_ROOT);
    harness = await startHarness({ app: built });
    const configured = await harness.api('PUT', '/api/server-variables', {
      values: { LINEAR_CLIENT_ID: 'lin-app-id', LINEAR_CLIENT_SECRET: 'lin-app-secret-value' },
    });
    expect(configured.status).toBe(200);
    linear = harness.services.ctx.bridge!.forProvider('linear')!;
    linearHandle = vi.spyOn(linear, 'handle');
    // Ada's own, "Just for me" connection, authorized at Linear as Ada Lovelace. Nothing is shared yet.
    await connectLinear('ada', 'user', 'Ada Lovelace');
    expect(linearConnections().map((c) => c.visibility)).toEqual(['user']);
  }, 240_000);

  afterAll(async () => {
    for (const session of [adaSession, workspaceSession])
      await (await session?.catch(() => null))?.client.close();
    linearHandle?.mockRestore();
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  it("discovers, registers, gets ada's consent with PKCE, lists the tool and files an issue with ada's own connection", async () => {
    const { client, provider, sent, authorizationUrl } = await connectAsAda();
    const base = harness.baseUrl;

    // The OAuth dance, as the SDK did it: 401 → PRM → AS metadata → dynamic registration → (consent) → token.
    const calls = sent.map((s) => `${s.method} ${s.path} ${s.status}`);
    const at = (call: string) => {
      const index = calls.indexOf(call);
      expect(index, `${call} in ${calls.join(' | ')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [
      at('POST /mcp 401'),
      at('GET /.well-known/oauth-protected-resource/mcp 200'),
      at('GET /.well-known/oauth-authorization-server 200'),
      at('POST /oauth/register 201'),
      at('POST /oauth/token 200'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(calls.filter((call) => call.startsWith('POST /mcp 2')).length).toBeGreaterThan(0);

    const registered = provider.clientInformation()!;
    expect(registered.client_id).toEqual(expect.any(String));
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${base}/oauth/authorize`);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: registered.client_id,
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
      resource: `${base}/mcp`,
    });
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorizationUrl.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['mcp:tools:read', 'mcp:tools:execute']),
    );
    const tokens = provider.tokens()!;
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining(['mcp:tools:read', 'mcp:tools:execute']));
    // The server greets the member the token belongs to.
    expect(client.getInstructions()).toBe(
      'Tools act as Ada Lovelace: their own connections and the workspace-shared ones.',
    );

    // tools/list: every tool-triggered function of the built manifest, with its description and schema.
    const { tools } = await client.listTools();
    const withTools = built.manifest.logicFunctions.filter((fn) => fn.toolTriggerSettings);
    expect(tools.map((tool) => tool.name).sort()).toEqual(withTools.map(toolName).sort());
    const manifest = withTools.find((fn) => fn.name === 'linear-create-issue')!;
    const listed = tools.find((tool) => tool.name === TOOL)!;
    expect(listed).toBeDefined();
    expect(listed.description).toBe(manifest.description);
    expect(listed.description).toMatch(/^Create a Linear issue in a team/);
    expect(listed.inputSchema).toEqual(manifest.toolTriggerSettings!.inputSchema);
    expect(listed.inputSchema).toMatchObject({
      type: 'object',
      required: ['team', 'title'],
      additionalProperties: false,
      properties: { team: { type: 'string' }, title: { type: 'string' }, priority: { type: 'integer' } },
    });

    // tools/call: the issue lands in the sandbox, filed with ada's own connection and ada's Linear token.
    const own = connectionOf('ada', 'user');
    const before = engIssues().length;
    const from = linearHandle.mock.calls.length;
    const result = await createIssue(client, { team: 'ENG', title: 'Filed over MCP by Ada' });
    expect(own.visibility).toBe('user');
    expectFiled(result, {
      title: 'Filed over MCP by Ada',
      connection: own,
      creator: 'Ada Lovelace',
      issuesBefore: before,
      callsBefore: from,
    });
  });

  it('a client-credentials token only uses workspace-shared connections: NOT_CONNECTED, then the shared one', async () => {
    const { client, sent } = await connectAsWorkspace();
    const calls = sent.map((s) => `${s.method} ${s.path} ${s.status}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        'POST /mcp 401',
        'GET /.well-known/oauth-protected-resource/mcp 200',
        'GET /.well-known/oauth-authorization-server 200',
        'POST /oauth/token 200',
      ]),
    );
    expect(calls).not.toContain('POST /oauth/register 201'); // registered beforehand, with the token
    expect(client.getInstructions()).toBe(
      'Tools act as the workspace: only workspace-shared connections are used.',
    );

    // Only ada's "Just for me" connection exists: the workspace must not reach it, not even by naming it.
    const adas = connectionOf('ada', 'user');
    expect(linearConnections().map((c) => c.id)).toEqual([adas.id]);
    const before = engIssues().length;
    const from = linearHandle.mock.calls.length;
    const refused = await createIssue(client, { team: 'ENG', title: 'Workspace job, nothing shared' });
    expect(refused.isError).toBe(true);
    const refusal = resultOf(refused);
    expect(refusal).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    expect(refusal.error).toMatch(/^No workspace-shared Linear connection exists/);

    const byName = await createIssue(client, {
      team: 'ENG',
      title: "Workspace job naming ada's connection",
      connection: adas.id,
    });
    expect(byName.isError).toBe(true);
    expect(resultOf(byName)).toMatchObject({ success: false, code: 'NOT_CONNECTED', fields: ['connection'] });

    expect(engIssues()).toHaveLength(before);
    expect(linearHandle.mock.calls.length).toBe(from); // no Linear request at all, so ada's token never left
    expect(engIssues().map((issue) => issue.title)).not.toContain('Workspace job, nothing shared');

    // Ada (the admin: sharing needs the Applications permission) shares a Linear connection, authorized at
    // Linear as Grace Hopper, with the workspace.
    const sharedId = await connectLinear('ada', 'workspace', 'Grace Hopper');
    const shared = connectionOf('ada', 'workspace');
    expect(shared.id).toBe(sharedId);
    expect(shared.accessToken).not.toBe(adas.accessToken);

    const fromShared = linearHandle.mock.calls.length;
    const filed = await createIssue(client, { team: 'ENG', title: 'Workspace job, shared connection' });
    expect(shared.visibility).toBe('workspace');
    const used = expectFiled(filed, {
      title: 'Workspace job, shared connection',
      connection: shared,
      creator: 'Grace Hopper',
      issuesBefore: before,
      callsBefore: fromShared,
    });
    expect(used).not.toContain(adas.accessToken);
  });

  it("rejects invalid arguments with the app's INVALID_INPUT message before any Linear call", async () => {
    const { client } = await connectAsAda();
    const before = engIssues().length;
    const from = linearHandle.mock.calls.length;
    const recorded = linear.calls().length;

    const missing = await createIssue(client, { team: 'ENG' });
    expect(missing.isError).toBe(true);
    const missingBody = resultOf(missing);
    expect(missingBody).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['title'] });
    expect(missingBody.error).toMatch(/^Invalid arguments\. title: .+\.$/);

    const wrong = await createIssue(client, { team: 'ENG', title: 'Bad priority', priority: 9, titel: 'x' });
    expect(wrong.isError).toBe(true);
    const wrongBody = resultOf(wrong);
    expect(wrongBody).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect(wrongBody.fields?.sort()).toEqual(['priority', 'titel']);
    expect(wrongBody.error).toBe(
      'Invalid arguments. titel: unknown field; priority: must be a whole number from 0 to 4.',
    );

    expect(linearHandle.mock.calls.length).toBe(from);
    expect(linear.calls()).toHaveLength(recorded);
    expect(engIssues()).toHaveLength(before);
  });

  it("records the MCP tool call in the run history as a 'tool' run, with no access token in it", async () => {
    const ada = await connectAsAda();
    const workspace = await connectAsWorkspace();
    const result = await createIssue(ada.client, { team: 'ENG', title: 'Run history check' });
    expect(result.isError).toBe(false);
    const identifier = resultOf(result).issue!.identifier;

    const runs = await harness.api('GET', '/api/runs?limit=500');
    expect(runs.status).toBe(200);
    const mine = (runs.body as RunRecord[]).filter((run) =>
      JSON.stringify(run.result).includes(`"identifier":"${identifier}"`),
    );
    expect(mine).toHaveLength(1);
    const run = mine[0]!;
    expect(run).toMatchObject({
      trigger: 'tool',
      functionName: 'linear-create-issue',
      functionId: built.manifest.logicFunctions.find((fn) => fn.name === 'linear-create-issue')!
        .universalIdentifier,
      ok: true,
      result: { success: true, issue: { identifier, title: 'Run history check' } },
    });
    // Every tool call made over MCP in this file is in the history as a tool run (7 so far).
    const toolRuns = (runs.body as RunRecord[]).filter(
      (r) => r.trigger === 'tool' && r.functionName === 'linear-create-issue',
    );
    expect(toolRuns).toHaveLength(7);

    const secrets = [
      ['ada MCP access token', ada.provider.tokens()!.access_token],
      ['ada MCP refresh token', ada.provider.tokens()!.refresh_token],
      ['workspace MCP access token', workspace.provider.tokens()!.access_token],
      ['workspace client secret', workspace.clientSecret],
      ...linearConnections().flatMap((c) => [
        [`Linear access token of ${c.name}`, c.accessToken],
        [`Linear refresh token of ${c.name}`, c.refreshToken],
      ]),
    ].filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length > 0);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    // The whole history (the onConnect hook runs included) is checked, the MCP call's run first.
    for (const record of [run, ...(runs.body as RunRecord[])]) {
      const text = JSON.stringify(record);
      for (const [what, value] of secrets)
        expect(text.includes(value), `${what} in run ${record.runId}`).toBe(false);
      expect(text).not.toMatch(/lin_(oauth|refresh)_/);
    }
  });
});
