import { getConnection } from 'twenty-sdk/logic-function';
import { labelConnection, saveIdentity } from '../../core/identity';
import type { ProviderSpec } from '../../core/provider';
import type { Run } from '../../core/run';
import type { Session } from '../../core/session';

export type HookPayload = {
  connectionProviderId: string;
  connectionProviderName: string;
  connectedAccountId: string;
};
type Identify = (session: Session) => Promise<{ account: string; details: Record<string, string> }>;

/**
 * onConnect: asks the provider who the new connection is (Twenty's `handle` is the member's email, not the
 * upstream account) and records it for status and tool results.
 */
export const recordIdentity = async (
  provider: ProviderSpec,
  payload: HookPayload,
  run: Run,
  identify: Identify,
) => {
  const connection = await getConnection(payload.connectedAccountId);
  const identity = await identify({ run, provider, connection, label: labelConnection(connection, null) });
  await saveIdentity(connection.id, identity);
  return { connectionId: connection.id, account: identity.account };
};
