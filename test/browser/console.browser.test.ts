import { copyFile, mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, CHROMIUM_PATH, hasChromium, launchBrowser } from './support/browser.ts';
import { startTarget, type Target } from './support/target.ts';
import { fillToolForm, type RuntimeState } from './support/tool-input.ts';

const ARTIFACTS = 'test-artifacts';
const title = hasChromium
  ? 'console in a browser'
  : `console in a browser (skipped: no chromium at ${CHROMIUM_PATH})`;
if (!hasChromium)
  console.warn(`[console.browser] skipped: ${CHROMIUM_PATH} not found. Install Debian's chromium to run it.`);

describe.skipIf(!hasChromium)(title, () => {
  let target: Target;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** Screenshots without transient toasts, from the top so the sticky header sits where it belongs. */
  const snap = async (name: string) => {
    await page.evaluate(() => {
      document.getElementById('toasts')?.replaceChildren();
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  };
  const api = async <T>(path: string): Promise<T> =>
    (await (await fetch(`${target.url}${path}`)).json()) as T;

  beforeAll(async () => {
    target = await startTarget();
    console.info(
      `[console.browser] driving the ${target.kind === 'runtime' ? 'real runtime' : 'mock runtime'} at ${target.url}`,
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await mkdir(ARTIFACTS, { recursive: true });
    // The real runtime builds the app first (`twenty dev:build`, about a minute).
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('serves the console page with its CSRF token and its files under /console/', async () => {
    const html = await (await fetch(target.url)).text();
    const { csrfToken } = await api<{ csrfToken: string }>('/api/session');
    expect(csrfToken).toMatch(/^[\w-]{16,}$/);
    expect(html).toContain(`<meta name="csrf-token" content="${csrfToken}"`);
    expect(html).not.toContain('__CSRF_TOKEN__');
    for (const file of ['app.js', 'styles.css']) {
      const response = await fetch(`${target.url}/console/${file}`);
      expect(response.status, `GET /console/${file}`).toBe(200);
    }
  });

  it('lets an admin set Linear credentials, a member connect Linear, create an issue by tool, and see it in the sandbox', async () => {
    const session = await api<{ members: { id: string; name: string; isAdmin: boolean }[] }>('/api/session');
    const member = session.members.find((m) => !m.isAdmin) ?? session.members[0]!;

    await page.goto(target.url);
    await page.locator('body[data-ready="true"]').waitFor();
    await expect(page.getByTestId('app-name').textContent()).resolves.toBe('twenty-connect');
    await expect(page.getByTestId('mode-badge').textContent()).resolves.toBe('Sandbox');

    // Admin fills the Linear OAuth app; the secret is never echoed back, only "Set".
    await page.getByTestId('nav-admin').click();
    await expect(page.getByTestId('provider-status-linear').textContent()).resolves.toBe('Needs admin');
    await page.getByTestId('client-id-linear').fill('console-test-linear-client');
    await page.getByTestId('client-secret-linear').fill('console-test-linear-secret');
    await page.getByTestId('save-provider-linear').click();
    await page.getByTestId('provider-status-linear').filter({ hasText: 'Configured' }).waitFor();
    await page.getByTestId('client-secret-linear-status').waitFor();
    expect(await page.content()).not.toContain('console-test-linear-secret');
    await snap('console-admin');

    // A member adds a personal connection through the provider's consent page.
    await page.getByTestId('member-switcher').selectOption(member.id);
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('add-connection-linear').click();
    await page.getByTestId('visibility-user').click();
    await page.getByTestId('new-connection-name').fill('My Linear');
    await page.getByTestId('modal-submit').click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((url) => url.origin === target.url && url.hash === '#/connections');
    await page.locator('[data-testid="connection-banner"][data-tone="success"]').waitFor();
    const row = page
      .getByTestId('my-connections')
      .getByTestId('connection-row')
      .filter({ hasText: 'My Linear' });
    await row.waitFor();
    await expect(row.getByTestId('connection-status').textContent()).resolves.toBe('OK');
    expect(await row.getByTestId('connection-account').textContent()).not.toContain('[object');
    await snap('console-connections');

    // The member runs the Linear create-issue tool from the form generated from its inputSchema.
    const state = await api<RuntimeState>(`/api/state?member=${encodeURIComponent(member.id)}`);
    const fn = state.functions.find((f) => /linear.*create.*issue/i.test(f.name) && f.triggers.tool);
    expect(fn, 'a Linear create-issue tool').toBeDefined();
    const issueTitle = `Console check ${Date.now().toString(36)}`;
    await page.getByTestId('nav-functions').click();
    await page.locator(`[data-testid="function-item"][data-function-name="${fn!.name}"]`).click();
    await page.locator(`[data-testid="function-detail"][data-function-name="${fn!.name}"]`).waitFor();
    await fillToolForm(page, fn!.triggers.tool!.inputSchema, state, issueTitle);
    await page.getByTestId('run-as').selectOption(member.id);
    await page.getByTestId('run-function').click();
    const result = page.getByTestId('run-result');
    await result.waitFor();
    const output = await page.getByTestId('run-output').textContent();
    expect(await result.getAttribute('data-ok'), `run output: ${output}`).toBe('true');
    expect(output).toContain(issueTitle);
    await page.getByTestId('recent-runs').getByTestId('run-row').first().waitFor();
    await snap('console');
    if (process.env.UPDATE_CONSOLE_SCREENSHOT === '1')
      await copyFile(`${ARTIFACTS}/console.png`, 'docs/console.png');

    // The sandbox shows the issue the tool created.
    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('sandbox-provider-linear').filter({ hasText: issueTitle }).waitFor();
    await snap('console-sandbox');

    expect(pageErrors).toEqual([]);
  });

  it('shows names from the server as text, and disconnects after confirmation', async () => {
    const hostile = 'Linear <img src=x onerror="window.__injected=1">';
    await page.getByTestId('nav-connections').click();
    const row = page.getByTestId('my-connections').getByTestId('connection-row').first();
    await row.getByTestId('rename-connection').click();
    await page.getByTestId('rename-input').fill(hostile);
    await page.getByTestId('modal-submit').click();
    const renamed = page.getByTestId('connection-row').filter({ hasText: hostile });
    await renamed.waitFor();
    expect(await renamed.locator('img').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: number }).__injected),
    ).toBeUndefined();

    await renamed.getByTestId('disconnect-connection').click();
    await page.getByTestId('disconnect-dialog').getByTestId('modal-submit').click();
    await page.getByTestId('my-connections').getByText('No personal connections yet').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('leaves adding, reconnecting and removing a workspace-shared connection to the admin', async () => {
    const session = await api<{ members: { id: string; isAdmin: boolean }[] }>('/api/session');
    const admin = session.members.find((m) => m.isAdmin)!;
    const member = session.members.find((m) => !m.isAdmin)!;

    await page.getByTestId('member-switcher').selectOption(admin.id);
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('add-connection-linear').click();
    await page.getByTestId('visibility-workspace').click();
    await page.getByTestId('new-connection-name').fill('Team Linear');
    await page.getByTestId('modal-submit').click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((url) => url.origin === target.url && url.hash === '#/connections');
    const adminRow = page
      .getByTestId('shared-connections')
      .getByTestId('connection-row')
      .filter({ hasText: 'Team Linear' });
    await adminRow.waitFor();
    expect(await adminRow.getByTestId('reconnect-connection').isEnabled()).toBe(true);
    expect(await adminRow.getByTestId('disconnect-connection').isEnabled()).toBe(true);

    await page.getByTestId('member-switcher').selectOption(member.id);
    const memberRow = page
      .getByTestId('shared-connections')
      .getByTestId('connection-row')
      .filter({ hasText: 'Team Linear' });
    // The row is drawn again for the member once their state arrives: wait for that render, not the admin's.
    await memberRow.locator('[data-testid="reconnect-connection"]:disabled').waitFor({ timeout: 10_000 });
    expect(await memberRow.getByTestId('reconnect-connection').isDisabled()).toBe(true);
    expect(await memberRow.getByTestId('disconnect-connection').isDisabled()).toBe(true);
    expect(await memberRow.getByTestId('rename-connection').isEnabled()).toBe(true);
    await page.getByTestId('add-connection-linear').click();
    const dialog = page.getByTestId('add-connection-dialog');
    expect(await dialog.getByTestId('visibility-workspace').locator('input').isDisabled()).toBe(true);
    expect(await dialog.getByTestId('visibility-user').locator('input').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(pageErrors).toEqual([]);
  });
});
