import { type AppConnection, listConnections } from 'twenty-sdk/logic-function';
import { AppError } from './app-error';
import { chooseConnection } from './connection-choice';
import { type ConnectionLabel, labelConnection, readIdentity } from './identity';
import { isProviderConfigured, type ProviderSpec } from './provider';
import type { Run } from './run';

/** A run bound to the one connection it may use with one provider. Provider clients take it first. */
export type Session = { run: Run; provider: ProviderSpec; connection: AppConnection; label: ConnectionLabel };

/**
 * Checks the provider is configured, lists the app's connections (every member's, as Twenty returns
 * them) and keeps the one this caller may use: see `chooseConnection`.
 */
export const openSession = async (run: Run, provider: ProviderSpec, requested?: string): Promise<Session> => {
  if (!isProviderConfigured(provider)) {
    throw new AppError(
      'NOT_CONFIGURED',
      `${provider.displayName} is not set up on this Twenty server: a server admin must fill ${provider.clientIdVariable} and ${provider.clientSecretVariable} in Settings → Applications → twenty-connect.`,
    );
  }
  const connection = chooseConnection(await listConnections({ providerName: provider.name }), {
    provider,
    caller: run.caller,
    requested,
  });
  return { run, provider, connection, label: labelConnection(connection, await readIdentity(connection.id)) };
};

/**
 * `openSession` for work that goes on without this provider when it cannot be used (refreshes): the session, or
 * the sentence saying why not (not configured, not connected, reconnect needed).
 */
export const openSessionOrReason = async (run: Run, provider: ProviderSpec): Promise<Session | string> => {
  try {
    return await openSession(run, provider);
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
};
