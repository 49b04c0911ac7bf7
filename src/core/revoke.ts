import type { AppConnection } from 'twenty-sdk/logic-function';
import type { Run } from './run';

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
