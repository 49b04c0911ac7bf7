import { type AppConnection, kv } from 'twenty-sdk/logic-function';

/**
 * The upstream account behind a connection, recorded by each provider's onConnect hook. Twenty's own
 * `handle` is the member's email, not the Linear/GitHub/Slack account, so without this nobody could tell
 * "Work Linear" from "Personal Linear".
 */
export type ConnectionIdentity = {
  /** e.g. "Ada Lovelace (ada@acme.com) · Acme Robotics", "ada-acme", "Acme Robotics (bot @twenty)". */
  account: string;
  /** Provider-side ids, for display and debugging. */
  details: Record<string, string>;
  recordedAt: string;
};

/** Where members manage connections in Twenty, for messages. */
export const SETTINGS = 'Settings → Applications → twenty-connect → Connections';

export const identityKey = (connectionId: string): string => `connection-identity:${connectionId}`;

export const saveIdentity = (connectionId: string, identity: Omit<ConnectionIdentity, 'recordedAt'>) =>
  kv.set(identityKey(connectionId), { ...identity, recordedAt: new Date().toISOString() });

export const forgetIdentity = (connectionId: string) => kv.delete(identityKey(connectionId));

/** Reads the recorded identity; a missing or unreadable one is not an error (older connections). */
export const readIdentity = (connectionId: string): Promise<ConnectionIdentity | null> =>
  kv.get<ConnectionIdentity>(identityKey(connectionId)).catch(() => null);

export type ConnectionLabel = {
  id: string;
  name: string;
  visibility: 'user' | 'workspace';
  account: string | null;
};

/** How results name the connection that was used, so the AI and the member see which account acted. */
export const labelConnection = (
  connection: AppConnection,
  identity: ConnectionIdentity | null,
): ConnectionLabel => ({
  id: connection.id,
  name: connection.name,
  visibility: connection.visibility,
  account: identity?.account ?? null,
});

export const describeConnection = (label: ConnectionLabel): string =>
  label.account ? `"${label.name}" (${label.account})` : `"${label.name}"`;
