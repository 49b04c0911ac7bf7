import { type AppConnection, listConnections } from 'twenty-sdk/logic-function';
import { backgroundHandler } from '../../core/handlers';
import { forgetIdentity } from '../../core/identity';
import type { ProviderSpec } from '../../core/provider';
import type { RevokeOutcome, Revoker } from '../../core/revoke';
import { log } from '../../core/run';

type HookPayload = { connectionProviderName: string; connectedAccountId: string };

const ALREADY_GONE: RevokeOutcome = {
  revoked: false,
  detail: 'The connection was already removed (older Twenty servers delete it before this hook runs).',
};

/**
 * One provider's onDisconnect hook: revokes the connection at the provider the way that provider documents
 * (current Twenty servers run the hook first, with the token still valid), then forgets the upstream identity
 * recorded for it. Each provider has its own hook (`<name>-on-disconnect.ts`), so its bundle holds only its
 * own revoker and no shared table has to name every provider.
 */
export const disconnectHook = (options: {
  universalIdentifier: string;
  provider: ProviderSpec;
  revoke: Revoker;
  /** Runs with the identity still recorded (the Linear webhook claim); its result joins the hook's. */
  beforeForget?: (connectionId: string, others: AppConnection[]) => Promise<object>;
}) => ({
  universalIdentifier: options.universalIdentifier,
  name: `${options.provider.name}-on-disconnect`,
  description:
    `When a ${options.provider.displayName} connection is removed, revokes it at ${options.provider.displayName} ` +
    'the way it documents (current Twenty servers run this hook first, with the token still valid), then ' +
    'forgets the upstream identity recorded for it.',
  timeoutSeconds: 20,
  handler: backgroundHandler({
    trigger: 'hook',
    timeoutSeconds: 20,
    run: async (payload: HookPayload, run) => {
      // Twenty names the provider in the payload; this hook is only ever wired to its own provider.
      const all = await listConnections({ providerName: options.provider.name });
      const connection = all.find((c) => c.id === payload.connectedAccountId);
      let revoke = ALREADY_GONE;
      if (connection) {
        try {
          revoke = await options.revoke({
            connection,
            others: all.filter((c) => c.id !== connection.id),
            run,
          });
        } catch (error) {
          // The member asked to disconnect: that goes ahead whatever the provider says.
          revoke = { revoked: false, detail: `Revoking failed: ${(error as Error).message}` };
        }
      }
      log('info', 'disconnected', { provider: options.provider.name, revoked: revoke.revoked });
      const others = all.filter((c) => c.id !== payload.connectedAccountId);
      // Like revoking, this never stops the disconnect.
      const extra = options.beforeForget
        ? await options
            .beforeForget(payload.connectedAccountId, others)
            .catch((error: Error) => ({ afterDisconnect: `failed: ${error.message}` }))
        : {};
      return { forgotten: await forgetIdentity(payload.connectedAccountId), revoke, ...extra };
    },
  }),
});
