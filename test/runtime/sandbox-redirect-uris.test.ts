import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsentForm } from '../../local/sandboxes/shared/index.ts';
import { configureLinear, type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

describe('sandbox consent pages in the runtime', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  const authorizeUrl = (redirectUri: string) => {
    const url = new URL(`${harness.baseUrl}/_sandbox/linear.app/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: 'lin-client-id',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'read',
      state: 'forged',
    }).toString();
    return url.toString();
  };

  it("redirect only to the runtime's own callback URLs, registered with the admin's client", async () => {
    for (const path of ['/auth/apps/callback', '/apps/oauth/callback']) {
      const page = await fetch(authorizeUrl(`${harness.baseUrl}${path}`));
      expect([path, page.status]).toEqual([path, 200]);
    }
    const forged = await fetch(authorizeUrl('https://evil.example/cb'), { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
    // A genuine page approved with the redirect_uri swapped: still no redirect, so no code leaves.
    const genuineUrl = authorizeUrl(`${harness.baseUrl}/auth/apps/callback`);
    const form = readConsentForm(await (await fetch(genuineUrl)).text());
    const approved = await fetch(genuineUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...form.fields,
        redirect_uri: 'https://evil.example/cb',
        account: form.accounts[0]!,
        decision: 'approve',
      }),
      redirect: 'manual',
    });
    expect(approved.status).toBe(400);
    expect(approved.headers.get('location')).toBeNull();
  });
});
