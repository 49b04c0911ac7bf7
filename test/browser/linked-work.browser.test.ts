/**
 * The walkthrough of the README's Linked work section, in a real browser against the real app: create a Linear issue
 * from an opportunity's page, see it there and on its company, then move it to Done in the Sandbox view (as a
 * person in Linear's UI) and watch the company's timeline say so, with no further action.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { SEED_IDS } from '../../local/twenty/records/seed.ts';
import {
  addConnection,
  type Harness,
  removeDataDir,
  startHarness,
} from '../runtime/helpers/runtime-harness.ts';
import { type Browser, CHROMIUM_PATH, hasChromium, launchBrowser } from './support/browser.ts';

const ARTIFACTS = 'test-artifacts';
const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const title = hasChromium
  ? 'Linked work and its timeline in a browser'
  : `Linked work and its timeline in a browser (skipped: no chromium at ${CHROMIUM_PATH})`;

describe.skipIf(!hasChromium)(title, () => {
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let issue = '';

  beforeAll(async () => {
    harness = await startHarness({ app: await buildApp(PROJECT_ROOT) });
    // The admin's part, as in the README: OAuth client, the webhook secret Linear shows, then Ada connects.
    const webhook = await harness.api('POST', '/api/sandbox/linear/webhook', {});
    await harness.api('PUT', '/api/server-variables', {
      values: {
        LINEAR_CLIENT_ID: 'lin-app-id',
        LINEAR_CLIENT_SECRET: 'lin-app-secret-value',
        LINEAR_WEBHOOK_SECRET: webhook.body.webhook.secret,
      },
    });
    const landed = await addConnection(harness, { member: 'ada', visibility: 'user' });
    expect(landed.searchParams.get('connectionError')).toBeNull();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await mkdir(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  it('creates a Linear issue from the opportunity page; it shows there and on the company', async () => {
    await page.goto(`${harness.baseUrl}/#/records/opportunity/${SEED_IDS.fleet}`);
    await page.getByTestId('record-page').getByText('Acme Robotics — Fleet expansion').first().waitFor();
    const action = page.getByTestId('action-linear-create-issue');
    await action.locator('summary').click();
    await page.locator('#record-linear-create-issue-team').fill('ENG');
    await page.locator('#record-linear-create-issue-title').fill('Fleet dashboards lag behind the robots');
    await action.getByRole('button', { name: 'Create Linear issue' }).click();

    const row = page.getByTestId('work-item').filter({ hasText: 'Fleet dashboards lag behind the robots' });
    await row.waitFor();
    issue = (await row.getAttribute('data-identifier')) ?? '';
    expect(issue).toMatch(/^ENG-\d+$/);

    await page.goto(`${harness.baseUrl}/#/records/company/${SEED_IDS.acme}`);
    await page.getByTestId('work-item').filter({ hasText: issue }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/linked-work-company.png`, fullPage: true });
  });

  it('moves the issue to Done in the Sandbox view, and the company timeline says so', async () => {
    await page.goto(`${harness.baseUrl}/#/sandbox`);
    await page.getByTestId('sandbox-linear-issue').selectOption(issue);
    await page.getByTestId('sandbox-linear-state').selectOption('Done');
    await page.getByTestId('sandbox-linear-move').click();
    await page.getByTestId('sandbox-linear-delivery-row').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/linked-work-sandbox.png`, fullPage: true });

    await page.goto(`${harness.baseUrl}/#/records/company/${SEED_IDS.acme}`);
    const entry = page.getByTestId('timeline-row').filter({ hasText: /Done/ });
    // The timeline is read when the page opens: reopen until the delivery has been applied (seconds).
    for (let attempt = 0; attempt < 20 && (await entry.count()) === 0; attempt++) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByTestId('record-page').waitFor();
    }
    await entry.first().waitFor();
    await expect(
      page.getByTestId('work-item').filter({ hasText: issue }).getByTestId('work-item-status').textContent(),
    ).resolves.toMatch(/Done/);
    await page.screenshot({ path: `${ARTIFACTS}/linked-work-timeline.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
