import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, removeDataDir, startHarness } from '../runtime/helpers/runtime-harness.ts';
import { type Browser, CHROMIUM_PATH, hasChromium, launchBrowser } from './support/browser.ts';

const title = hasChromium
  ? 'console under its Content-Security-Policy'
  : `console under its Content-Security-Policy (skipped: no chromium at ${CHROMIUM_PATH})`;

type Violation = { directive: string; blocked: string };

describe.skipIf(!hasChromium)(title, () => {
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const violations = (): Promise<Violation[]> =>
    page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

  beforeAll(async () => {
    harness = await startHarness();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Init scripts run before the page's own, outside its policy: they only record what the policy blocks.
    await page.addInitScript(() => {
      const seen: Violation[] = [];
      (window as unknown as { __violations: Violation[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push({ directive: event.violatedDirective, blocked: event.blockedURI }),
      );
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  it('renders every section with no policy violation and no page error', async () => {
    await page.goto(harness.baseUrl);
    for (const key of ['connections', 'functions', 'sandbox', 'admin', 'mcp']) {
      await page.getByTestId(`nav-${key}`).click();
      await expect.poll(() => page.locator('#main').getAttribute('aria-busy')).toBe('false');
      await expect.poll(() => page.locator('#main').textContent()).not.toBe('');
    }
    await page.getByTestId('route-token-reveal').click();
    expect(await page.getByTestId('route-token').textContent()).toMatch(/^tcm_/);
    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('blocks a script or style injected into the page', async () => {
    await page.goto(harness.baseUrl);
    await expect.poll(() => page.locator('#main').getAttribute('aria-busy')).toBe('false');
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      const styled = document.createElement('div');
      styled.setAttribute('style', 'width: 123px');
      document.body.append(styled);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        script: (window as unknown as { __injected?: boolean }).__injected === true,
        style: styled.getBoundingClientRect().width === 123,
      };
    });
    expect(ran).toEqual({ script: false, style: false });
    const blocked = (await violations()).map((v) => v.directive);
    expect(blocked).toEqual(expect.arrayContaining(['script-src-elem', 'style-src-attr']));
  });
});
