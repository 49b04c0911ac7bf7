import type { AppConnection } from 'twenty-sdk/logic-function';
import { type Run, remainingMs } from './run';

/** What a provider's disconnect step did, for the hook's result and log. Never holds a token. */
export type RevokeOutcome = { revoked: boolean; detail: string };

/**
 * A provider's own revocation, run by the onDisconnect hook while the connection still exists (current Twenty
 * servers run the hook first, inline, with the token valid). `others` are the app's other connections of the
 * same provider, for providers whose credentials are shared between connections (Slack's bot token). It must
 * not throw for an upstream refusal: the member asked to disconnect, and that goes ahead whatever it says.
 */
export type Revoker = (options: {
  connection: AppConnection;
  others: readonly AppConnection[];
  run: Run;
}) => Promise<RevokeOutcome>;

/**
 * One revocation request, bounded by `timeoutMs` and by what is left of the run: the provider's HTTP status, or
 * `null` when it did not answer in time (or no time was left to ask). The body is read and dropped so the
 * socket is released; it is never returned, so nothing a provider echoes reaches a result.
 */
export const revocationStatus = async (
  run: Run,
  url: string,
  init: RequestInit & { timeoutMs: number },
): Promise<number | null> => {
  const { timeoutMs, ...request } = init;
  const timeout = Math.min(timeoutMs, remainingMs(run));
  if (timeout <= 0) return null;
  try {
    const response = await fetch(url, { ...request, signal: AbortSignal.timeout(timeout) });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  } catch {
    return null;
  }
};
