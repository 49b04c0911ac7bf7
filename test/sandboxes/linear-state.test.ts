import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';
import { submitConsent } from '../../local/sandboxes/shared/index.ts';

const REDIRECT = 'http://127.0.0.1:4020/apps/oauth/callback';
const CLIENT = {
  clientId: 'lin-client-1',
  clientSecret: 'lin-secret-abcdef123456',
  redirectUris: [REDIRECT],
};
const VERIFIER = 'verifier-'.repeat(6);

function form(url: string, fields: Record<string, string>) {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

const documents = new Set<string>();

function graphql(token: string, query: string, variables = {}) {
  documents.add(query);
  return new Request('https://api.linear.app/graphql', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
}

async function connectedSandbox() {
  const sandbox = createLinearSandbox();
  sandbox.registerClient(CLIENT);
  const authorize = new URL('https://linear.app/oauth/authorize');
  authorize.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'read,write',
    code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const code = new URL(
    (await submitConsent(sandbox, authorize.toString())).headers.get('location')!,
  ).searchParams.get('code')!;
  const tokenResponse = await sandbox.handle(
    form('https://api.linear.app/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
    }),
  );
  const tokens = await tokenResponse.json();
  return { sandbox, tokens, code };
}

describe('Linear sandbox state', () => {
  it('round-trips clients, tokens, codes and data through exportState/importState as JSON', async () => {
    const { sandbox, tokens } = await connectedSandbox();
    const input = { teamId: '5eed0002-0000-4000-8000-000000000001', title: 'Survives a restart' };
    await sandbox.handle(
      graphql(
        tokens.access_token,
        'mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { success } }',
        { input },
      ),
    );
    // A code issued but not yet exchanged must survive too.
    const pending = await submitConsent(
      sandbox,
      `https://linear.app/oauth/authorize?client_id=${CLIENT.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&scope=read`,
    );
    const pendingCode = new URL(pending.headers.get('location')!).searchParams.get('code')!;

    const restored = createLinearSandbox();
    restored.importState(JSON.parse(JSON.stringify(sandbox.exportState())));
    expect(restored.view()).toEqual(sandbox.view());
    const viewer = await restored.handle(graphql(tokens.access_token, '{ viewer { name } }'));
    expect(viewer.status).toBe(200);
    const refresh = await restored.handle(
      form('https://api.linear.app/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    );
    expect(refresh.status).toBe(200);
    const exchange = await restored.handle(
      form('https://api.linear.app/oauth/token', {
        grant_type: 'authorization_code',
        code: pendingCode,
        redirect_uri: REDIRECT,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    );
    expect(exchange.status).toBe(200);
  });

  it('resets to the seed, forgetting clients, tokens, calls and created data', async () => {
    const { sandbox, tokens } = await connectedSandbox();
    // The webhook's settings are the OAuth app's configuration (its own secret per sandbox): they survive a reset.
    const data = (view: Record<string, unknown>) => JSON.stringify({ ...view, webhook: undefined });
    const before = data(createLinearSandbox().view());
    await sandbox.handle(
      graphql(
        tokens.access_token,
        'mutation { commentCreate(input: { issueId: "ENG-1", body: "hi" }) { success } }',
      ),
    );
    sandbox.reset();
    expect(sandbox.calls()).toEqual([]);
    expect((await sandbox.handle(graphql(tokens.access_token, '{ viewer { id } }'))).status).toBe(401);
    const strip = (text: string) => text.replace(/"(createdAt|updatedAt)":"[^"]+"/g, '');
    expect(strip(data(sandbox.view()))).toEqual(strip(before));
  });

  it('never records a token, client secret, code or verifier in clear', async () => {
    const { sandbox, tokens, code } = await connectedSandbox();
    await sandbox.handle(
      form('https://api.linear.app/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    );
    await sandbox.handle(form('https://api.linear.app/oauth/revoke', { access_token: tokens.access_token }));
    await sandbox.handle(graphql(tokens.access_token, '{ viewer { id } }'));
    const recorded = JSON.stringify(sandbox.calls());
    expect(sandbox.calls().map((call) => call.operation)).toEqual([
      'oauth.authorize',
      'oauth.authorize',
      'oauth.token',
      'oauth.token',
      'oauth.revoke',
      'viewer',
    ]);
    for (const secret of [tokens.access_token, tokens.refresh_token, CLIENT.clientSecret, code, VERIFIER]) {
      expect(recorded).not.toContain(secret);
    }
    expect(recorded).toContain(`xxxx…${CLIENT.clientSecret.slice(-4)}`);
  });
});

afterAll(() => {
  const schema = buildSchema(
    readFileSync(new URL('../../vendor/contracts/linear/schema.graphql', import.meta.url), 'utf8'),
  );
  for (const document of documents) expect(validate(schema, parse(document)), document).toEqual([]);
});
