// The console's MCP page in a real browser against the real runtime: the walkthrough makes the real OAuth and
// MCP requests (discovery, registration, consent as a member, token, tools/list, tools/call, revocation) and
// shows them with every token shortened.
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeInBrowser,
  postMcp,
  REDIRECT_URI,
  registerClient,
  tokenRequest,
} from '../runtime/helpers/mcp-oauth.ts';
import { type Browser, CHROMIUM_PATH, hasChromium, launchBrowser } from './support/browser.ts';
import { startTarget, type Target } from './support/target.ts';

const ARTIFACTS = 'test-artifacts';
const WALKTHROUGH_KEY = 'twenty-connect.mcp-walkthrough';
const MEMBER_KEY = 'twenty-connect.member';
const title = hasChromium
  ? 'MCP walkthrough in a browser'
  : `MCP walkthrough in a browser (skipped: no chromium at ${CHROMIUM_PATH})`;

type Session = { members: { id: string; name: string; isAdmin: boolean }[] };
type Walkthrough = { secrets: string[]; token?: { access_token: string; refresh_token: string | null } };

describe.skipIf(!hasChromium)(title, () => {
  let target: Target;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const step = (key: string): Locator => page.getByTestId(`mcp-step-${key}`);
  /** Clicks a step's button and waits until the step has a result (any status but the ones given). */
  const runStep = async (key: string, expected = 'done') => {
    await page.getByTestId(`mcp-run-${key}`).click();
    const card = page.locator(`[data-testid="mcp-step-${key}"]:not([data-status="todo"])`);
    await card.waitFor();
    const status = await card.getAttribute('data-status');
    expect(status, `step ${key}: ${await card.textContent()}`).toBe(expected);
    return card;
  };
  const texts = async (card: Locator, testId: string) => card.getByTestId(testId).allTextContents();
  const walkthrough = async () =>
    page.evaluate(
      (key) => JSON.parse(sessionStorage.getItem(key) ?? '{}'),
      WALKTHROUGH_KEY,
    ) as Promise<Walkthrough>;

  beforeAll(async () => {
    target = await startTarget();
    if (target.kind !== 'runtime') return;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await mkdir(ARTIFACTS, { recursive: true });
    // The real runtime builds the app first (`twenty dev:build`, about a minute; longer behind another build).
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('walks a member through discovery, registration, consent, token, tools/list, tools/call and revocation', async (testContext) => {
    // The mock runtime has no OAuth server or /mcp: this test needs the real one.
    if (target.kind !== 'runtime') testContext.skip();
    const session = (await (await fetch(`${target.url}/api/session`)).json()) as Session;
    const member = session.members.find((m) => !m.isAdmin) ?? session.members[0]!;

    await page.goto(`${target.url}/#mcp`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByTestId('view-mcp').waitFor();
    await expect(page.getByTestId('mcp-url').textContent()).resolves.toBe(`${target.url}/mcp`);
    const scopes = await page.getByTestId('mcp-scope-row').allTextContents();
    expect(scopes.join('\n')).toContain('mcp:tools:read');
    expect(scopes.join('\n')).toContain('mcp:tools:execute');
    // The registration token stays masked until revealed.
    const info = (await (await fetch(`${target.url}/api/mcp`)).json()) as { registrationToken: string };
    expect(await page.getByTestId('mcp-registration-token').textContent()).not.toContain(
      info.registrationToken,
    );
    await page.getByTestId('mcp-start-over').click();

    // 0: no token → 401 with a WWW-Authenticate challenge.
    const challenge = await runStep('challenge');
    const [unauthorized] = await texts(challenge, 'mcp-response');
    expect(unauthorized).toMatch(/^HTTP 401/);
    expect(unauthorized).toMatch(/www-authenticate: Bearer .*resource_metadata="/);

    // 1: discovery, both documents.
    const discover = await runStep('discover');
    const metadata = await texts(discover, 'mcp-response');
    expect(metadata).toHaveLength(2);
    for (const response of metadata) expect(response).toMatch(/^HTTP 200/);
    expect(metadata[0]).toContain('"authorization_servers"');
    expect(metadata[1]).toContain('"registration_endpoint"');

    // 2: dynamic registration of a public client.
    const register = await runStep('register');
    const [registered] = await texts(register, 'mcp-response');
    expect(registered).toMatch(/^HTTP 201/);
    expect(registered).toContain('"token_endpoint_auth_method": "none"');

    // 3: the browser goes to the consent page for real; the member approves and comes back with a code.
    await page.getByTestId('mcp-run-authorize').click();
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/consent/'));
    await page.locator('label.account', { hasText: member.name }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((url) => url.origin === target.url && url.hash === '#/mcp' && url.search === '');
    const authorized = page.locator('[data-testid="mcp-step-authorize"][data-status="done"]');
    await authorized.waitFor();
    const callback = await authorized.getByTestId('mcp-callback').textContent();
    expect(callback).toContain('matches the one we sent');
    expect(callback).toMatch(/code=\S{6}…/);

    // 4: code + verifier → tokens.
    const token = await runStep('token');
    const [tokenRequest] = await texts(token, 'mcp-request');
    expect(tokenRequest).toMatch(/code_verifier=\S{6}…/);
    const [tokens] = await texts(token, 'mcp-response');
    expect(tokens).toMatch(/^HTTP 200/);
    expect(tokens).toMatch(/"access_token": "\S{6}…"/);
    // The clients card follows: the walkthrough's client, approved by the member, now holds two tokens.
    const ownClient = page.getByTestId('mcp-client').filter({ hasText: 'Console walkthrough' });
    const approval = ownClient.getByTestId('mcp-client-member').filter({ hasText: member.name });
    await approval
      .getByTestId('mcp-client-tokens')
      .filter({ hasText: /^2 active tokens$/ })
      .waitFor();

    // 5: initialize, initialized, tools/list.
    const list = await runStep('list');
    const listed = await texts(list, 'mcp-response');
    expect(listed.map((response) => response.split(' ')[1])).toEqual(['200', '202', '200']);
    expect(listed[2]).toContain('"name": "app_connections_status"');
    expect(await list.getByTestId('mcp-facts').textContent()).toContain(member.name);

    // 6: tools/call of a tool that needs no connection; it runs as the member who approved.
    // The tool that needs no connection is preselected, with no arguments.
    await expect(page.getByTestId('mcp-tool-select').inputValue()).resolves.toBe('app_connections_status');
    await expect(page.getByTestId('mcp-tool-args').inputValue()).resolves.toBe('{}');
    const called = await runStep('call');
    const [callResponse] = await texts(called, 'mcp-response');
    expect(callResponse).toMatch(/^HTTP 200/);
    expect(callResponse).toContain('"isError": false');
    const output = await called.getByTestId('mcp-tool-output').textContent();
    expect(JSON.parse(output ?? 'null')).toMatchObject({ actingAs: 'member' });
    // Other tools come with sample arguments.
    await page.getByTestId('mcp-tool-select').selectOption('app_linear_create_issue');
    await expect(page.getByTestId('mcp-tool-args').inputValue()).resolves.toContain(
      '"title": "Hello from MCP"',
    );
    await page.evaluate(() => {
      document.getElementById('toasts')?.replaceChildren();
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: `${ARTIFACTS}/console-mcp.png`, fullPage: true });

    // No token, code or verifier the walkthrough handled appears whole anywhere on the page.
    const state = await walkthrough();
    expect(state.token?.access_token).toBeTruthy();
    expect(state.secrets).toContain(state.token!.access_token);
    const html = await page.content();
    const text = (await page.locator('body').textContent()) ?? '';
    for (const secret of state.secrets) {
      expect(html.includes(secret), `a secret (${secret.slice(0, 6)}…) in the page HTML`).toBe(false);
      expect(text.includes(secret), `a secret (${secret.slice(0, 6)}…) in the page text`).toBe(false);
    }
    expect(text).toContain(`${state.token!.access_token.slice(0, 6)}…`);

    // 7: revocation; /mcp refuses the token afterwards.
    const revoke = await runStep('revoke');
    const [revoked, refused] = await texts(revoke, 'mcp-response');
    expect(revoked).toMatch(/^HTTP 200/);
    expect(refused).toMatch(/^HTTP 401/);
    expect(refused).toContain('invalid_token');
    // Revoking the access token ends every token of that approval (its refresh token too); the approval itself
    // stays listed until the member revokes it.
    await approval
      .getByTestId('mcp-client-tokens')
      .filter({ hasText: /^0 active tokens$/ })
      .waitFor();
    const direct = await fetch(`${target.url}/mcp`, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${state.token!.access_token}`,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(direct.status).toBe(401);

    // Start over forgets everything, tokens included.
    await page.getByTestId('mcp-start-over').click();
    await page.locator('[data-testid="mcp-step-challenge"][data-status="todo"]').waitFor();
    expect(await step('revoke').getAttribute('data-status')).toBe('todo');
    expect((await walkthrough()).token).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('refuses a callback whose state it did not send, and keeps no code from it', async (testContext) => {
    if (target.kind !== 'runtime') testContext.skip();
    await page.goto(`${target.url}/?mcp-callback=1&code=forged-code-0123456789&state=not-our-state-0123`);
    await page.waitForURL((url) => url.hash === '#/mcp' && url.search === '');
    const authorize = page.locator('[data-testid="mcp-step-authorize"][data-status="error"]');
    await authorize.waitFor();
    expect(await authorize.getByTestId('mcp-callback').textContent()).toContain('no authorization request');
    expect(await page.getByTestId('mcp-run-token').isDisabled()).toBe(true);
    expect(await page.locator('body').textContent()).not.toContain('forged-code-0123456789');
    expect(pageErrors).toEqual([]);
  });

  it('lists the client a member approved, labels its tool runs, and revokes it from the console', async (testContext) => {
    if (target.kind !== 'runtime') testContext.skip();
    const session = (await (await fetch(`${target.url}/api/session`)).json()) as Session;
    const member = session.members.find((m) => !m.isAdmin) ?? session.members[0]!;
    const clientName = `Desk agent ${Date.now().toString(36)}`;
    const registered = await registerClient(target.url, {
      client_name: clientName,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    expect(registered.status).toBe(201);
    const clientId = registered.body.client_id as string;
    const { code, verifier } = await authorizeInBrowser(target.url, { clientId, member: member.id });
    const tokens = await tokenRequest(target.url, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: code!,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(tokens.status).toBe(200);
    const accessToken = tokens.body.access_token as string;
    const called = await postMcp(`${target.url}/mcp`, accessToken, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'app_connections_status', arguments: {} },
    });
    expect(called.status).toBe(200);

    // The console acts as that member.
    await page.goto(`${target.url}/#mcp`);
    await page.evaluate(([key, id]) => localStorage.setItem(key!, id!), [MEMBER_KEY, member.id]);
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    const client = page.locator(`[data-testid="mcp-client"][data-client-id="${clientId}"]`);
    await client.waitFor();
    await expect(client.getByTestId('mcp-client-name').textContent()).resolves.toBe(clientName);
    await expect(client.getByTestId('mcp-client-last-call').textContent()).resolves.toContain(
      'last tool call',
    );
    const access = client.getByTestId('mcp-client-member');
    await expect(access.textContent()).resolves.toContain(`${member.name} (you)`);
    await expect(access.getByTestId('mcp-client-tokens').textContent()).resolves.toBe('2 active tokens');
    // A member manages their own approvals, not the client's registration.
    await expect(client.getByTestId('mcp-client-remove').count()).resolves.toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(accessToken);

    // The tool run says which client asked, and for whom.
    await page.getByTestId('nav-functions').click();
    const runRow = page.getByTestId('run-row').filter({ hasText: clientName }).first();
    await expect(runRow.getByTestId('run-caller').textContent()).resolves.toBe(
      `MCP · ${clientName} as ${member.name}`,
    );

    // Revoke, confirmed in the dialog: the list empties and the token stops working.
    await page.getByTestId('nav-mcp').click();
    await client.getByTestId('mcp-client-revoke').click();
    await page.getByTestId('mcp-revoke-dialog').getByTestId('modal-submit').click();
    await client.waitFor({ state: 'detached' });
    expect(await page.getByTestId('toast').last().textContent()).toContain(
      `can no longer act as ${member.name}`,
    );
    const refused = await postMcp(`${target.url}/mcp`, accessToken);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');
    expect(pageErrors).toEqual([]);
  });
});
