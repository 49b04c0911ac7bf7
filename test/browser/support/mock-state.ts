// In-memory state of the mock runtime: variables, connections, runs and a tiny fake of each provider.
import { randomUUID } from 'node:crypto';
import {
  APPLICATION_VARIABLES,
  FUNCTIONS,
  MEMBERS,
  type MockConnection,
  PROVIDERS,
  SERVER_VARIABLES,
  seedSandbox,
} from './mock-data.ts';

type Pending = {
  member: string;
  provider: string;
  visibility: 'user' | 'workspace';
  name?: string;
  reconnectId?: string;
};
type RunBody = { trigger?: string; member?: string | null; input?: Record<string, unknown> };

const ACCOUNTS: Record<string, string> = {
  linear: 'Acme · tim@acme.dev',
  github: 'tim-acme',
  slack: 'Acme HQ · @twenty-connect',
};

export function createMockState() {
  const serverValues = new Map<string, string>();
  const appValues = new Map<string, string>(APPLICATION_VARIABLES.map((v) => [v.name, v.value]));
  const connections: MockConnection[] = [];
  const runs: Record<string, unknown>[] = [];
  const pending = new Map<string, Pending>();
  let sandbox = seedSandbox();

  const isConfigured = (p: (typeof PROVIDERS)[number]) =>
    Boolean(serverValues.get(p.clientIdVariable) && serverValues.get(p.clientSecretVariable));

  function view(member: string, baseUrl: string) {
    return {
      providers: PROVIDERS.map((p) => ({
        ...p,
        configured: isConfigured(p),
        callbackUrls: [`${baseUrl}/apps/oauth/callback`, `${baseUrl}/auth/apps/callback`],
      })),
      serverVariables: SERVER_VARIABLES.map((v) => {
        const value = serverValues.get(v.name) ?? '';
        return v.isSecret ? { ...v, isSet: value !== '' } : { ...v, isSet: value !== '', value };
      }),
      applicationVariables: APPLICATION_VARIABLES.map((v) => ({ ...v, value: appValues.get(v.name) ?? '' })),
      connections: connections
        .filter((c) => c.visibility === 'workspace' || c.ownerId === member)
        .map(({ ownerId, ...c }) => ({
          ...c,
          mine: ownerId === member,
          ownerName: MEMBERS.find((m) => m.id === ownerId)?.name ?? 'someone',
          handle: MEMBERS.find((m) => m.id === ownerId)?.email ?? null,
          scopes: PROVIDERS.find((p) => p.name === c.providerName)?.scopes ?? [],
          expiresAt: null,
        })),
      functions: FUNCTIONS,
      sandbox,
    };
  }

  function startConnect(request: Pending): { authorizeUrl: string } | { error: string } {
    const provider = PROVIDERS.find((p) => p.name === request.provider);
    if (!provider) return { error: `Unknown provider ${request.provider}` };
    if (!isConfigured(provider))
      return { error: `${provider.displayName} needs an admin: set its client id and secret.` };
    if (!MEMBERS.some((m) => m.id === request.member)) return { error: 'Unknown member' };
    const state = randomUUID();
    pending.set(state, request);
    return {
      authorizeUrl: `/_sandbox/${provider.name}/oauth/authorize?client_id=${encodeURIComponent(serverValues.get(provider.clientIdVariable)!)}&state=${state}`,
    };
  }

  function completeConnect(state: string, approved: boolean): string {
    const request = pending.get(state);
    pending.delete(state);
    if (!request) return `/?connectionError=${encodeURIComponent('The sign-in link expired. Try again.')}`;
    if (!approved) return `/?connectionError=${encodeURIComponent('You cancelled at the provider.')}`;
    const existing = connections.find((c) => c.id === request.reconnectId);
    if (existing) {
      existing.authFailedAt = null;
      existing.authFailedReason = null;
      return `/?connected=${existing.id}`;
    }
    const provider = PROVIDERS.find((p) => p.name === request.provider)!;
    const count = connections.filter((c) => c.providerName === provider.name).length;
    const id = randomUUID();
    connections.push({
      id,
      providerName: provider.name,
      name: request.name || `${provider.displayName} #${count + 1}`,
      visibility: request.visibility,
      ownerId: request.member,
      // Shaped like the app's KV record of the upstream identity, as the runtime returns it.
      account: {
        account: ACCOUNTS[provider.name] ?? provider.name,
        details: { provider: provider.name },
        recordedAt: new Date().toISOString(),
      },
      authFailedAt: null,
      authFailedReason: null,
      createdAt: new Date().toISOString(),
    });
    return `/?connected=${id}`;
  }

  function usable(provider: string, member: string | null | undefined) {
    const own = connections.find(
      (c) => c.providerName === provider && c.visibility === 'user' && c.ownerId === member,
    );
    return own ?? connections.find((c) => c.providerName === provider && c.visibility === 'workspace');
  }

  function run(id: string, body: RunBody) {
    const fn = FUNCTIONS.find((f) => f.id === id);
    if (!fn) return null;
    const started = Date.now();
    const logs = [
      { level: 'info', message: `${fn.name} started (${body.trigger})`, at: new Date().toISOString() },
    ];
    let ok = true;
    let result: unknown = { success: true, note: 'mock run' };
    if (fn.name === 'linear-create-issue') {
      const connection = usable('linear', body.member);
      const input = body.input ?? {};
      if (!connection) {
        ok = false;
        result = {
          success: false,
          error: 'Linear is not connected. Open Connections and click Add connection.',
        };
      } else {
        const team =
          sandbox.linear.teams.find((t) => t.id === input.teamId || t.key === input.teamId) ??
          sandbox.linear.teams[0]!;
        const identifier = `${team.key}-${sandbox.linear.issues.length + 1}`;
        const issue = {
          id: randomUUID(),
          identifier,
          title: String(input.title),
          state: 'Todo',
          team: team.key,
          createdAt: new Date().toISOString(),
        };
        sandbox.linear.issues.push(issue);
        logs.push({
          level: 'info',
          message: `using connection "${connection.name}" (Bearer [redacted])`,
          at: new Date().toISOString(),
        });
        result = {
          success: true,
          issue: { identifier, title: issue.title, url: `https://linear.app/acme/issue/${identifier}` },
        };
      }
    }
    const entry = {
      runId: randomUUID(),
      ok,
      status: body.trigger === 'route' ? (ok ? 200 : 409) : undefined,
      result,
      logs,
      durationMs: Date.now() - started + 42,
      attempts: 1,
    };
    runs.unshift({
      ...entry,
      functionName: fn.name,
      trigger: body.trigger ?? 'tool',
      startedAt: new Date(started).toISOString(),
    });
    return entry;
  }

  function sandboxControl(provider: string, action: string) {
    if (action === 'reset') sandbox = seedSandbox();
    if (action === 'revoke-all') {
      for (const c of connections.filter((c) => c.providerName === provider)) {
        c.authFailedAt = new Date().toISOString();
        c.authFailedReason = 'The token was revoked at the provider.';
      }
    }
  }

  return {
    serverValues,
    appValues,
    connections,
    runs,
    view,
    startConnect,
    completeConnect,
    run,
    sandboxControl,
  };
}
