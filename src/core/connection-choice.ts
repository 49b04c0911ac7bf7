import type { AppConnection } from 'twenty-sdk/logic-function';
import { AppError } from './app-error';
import { SETTINGS } from './identity';
import type { ProviderSpec } from './provider';

/**
 * Who a run acts for. `member` for request-scoped triggers with a signed-in user (routes with
 * `isAuthRequired` called by a user, tools with `context.userWorkspaceId`); `workspace` for everything
 * else (cron, database events, lifecycle hooks, API-key route calls, tools run without a user).
 */
export type Caller = { kind: 'member'; userWorkspaceId: string } | { kind: 'workspace' };

export const callerFor = (userWorkspaceId: string | null | undefined): Caller =>
  userWorkspaceId ? { kind: 'member', userWorkspaceId } : { kind: 'workspace' };

/**
 * Connections of this provider the caller may use: their own personal ones first, then workspace-shared
 * ones. `listConnections()` returns every member's connections; this is the filter that keeps them apart.
 */
export const usableConnections = (
  connections: readonly AppConnection[],
  provider: ProviderSpec,
  caller: Caller,
) => {
  const mine = (c: AppConnection) =>
    caller.kind === 'member' && c.visibility === 'user' && c.userWorkspaceId === caller.userWorkspaceId;
  const ofProvider = connections.filter((c) => c.providerName === provider.name);
  return [...ofProvider.filter(mine), ...ofProvider.filter((c) => c.visibility === 'workspace')];
};

const names = (connections: AppConnection[]) => connections.map((c) => `"${c.name}"`).join(', ');

/**
 * Picks the connection a run uses. `requested` (an id or a name, from the `connection` argument) chooses
 * among the usable connections only, so no input can reach another member's "Just for me" connection.
 * Without it: the caller's own healthy personal connection, else a healthy workspace-shared one.
 * Connections Twenty marked failed (`authFailedAt`) are skipped; if only those remain, `RECONNECT_REQUIRED`.
 */
export const chooseConnection = (
  connections: readonly AppConnection[],
  options: { provider: ProviderSpec; caller: Caller; requested?: string },
): AppConnection => {
  const { provider, caller } = options;
  const usable = usableConnections(connections, provider, caller);
  const requested = options.requested?.trim();
  const candidates = requested
    ? usable.filter((c) => c.id === requested || c.name.trim().toLowerCase() === requested.toLowerCase())
    : usable;
  const chosen = candidates.find((c) => c.authFailedAt === null);
  if (chosen) return chosen;
  if (candidates.length > 0) {
    throw new AppError(
      'RECONNECT_REQUIRED',
      `${provider.displayName} rejected ${names(candidates)} earlier (${candidates[0]!.authFailedReason ?? 'credentials refused'}). Reconnect it in ${SETTINGS}.`,
    );
  }
  if (requested) {
    throw new AppError(
      'NOT_CONNECTED',
      `No ${provider.displayName} connection "${requested}" is available to you.${usable.length ? ` Available: ${names(usable)}.` : ''}`,
      { fields: ['connection'] },
    );
  }
  throw new AppError(
    'NOT_CONNECTED',
    caller.kind === 'workspace'
      ? `No workspace-shared ${provider.displayName} connection exists; runs without a user only use shared ones. A workspace admin (Applications permission) can add one in ${SETTINGS} (choose "Workspace shared").`
      : `You have no ${provider.displayName} connection and none is shared with the workspace. Add one in ${SETTINGS}.`,
  );
};
