import { readConsentForm } from './consent-form.ts';

/** Anything with a sandbox's `handle`. */
type Handler = { handle(request: Request): Promise<Response> };

/**
 * Acts like a person on a sandbox consent page: opens `authorizeUrl`, picks an account (by index among the
 * page's choices, default the first) and clicks Approve or Cancel. Returns the sandbox's answer to the
 * click (a 302 to the app's redirect URI, or an error page). For tests and scripts.
 */
export async function submitConsent(
  sandbox: Handler,
  authorizeUrl: string,
  options: { decision?: 'approve' | 'cancel'; accountIndex?: number } = {},
): Promise<Response> {
  const page = await sandbox.handle(new Request(authorizeUrl));
  if (page.status !== 200) return page;
  const { fields, accounts } = readConsentForm(await page.text());
  const body = new URLSearchParams({
    ...fields,
    account: accounts[options.accountIndex ?? 0] ?? '',
    decision: options.decision ?? 'approve',
  });
  return sandbox.handle(
    new Request(authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }),
  );
}
