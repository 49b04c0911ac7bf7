import type { DatabaseSync } from 'node:sqlite';
import type { SandboxBridge } from '../sandbox-bridge/sandbox-bridge.ts';
import type { BuiltApp } from './build/build-app.ts';
import type { ConnectionProviderManifest } from './build/manifest.ts';
import type { RuntimeSettings } from './config/settings.ts';
import type { ConnectionStore } from './storage/connections.ts';
import type { MemberStore } from './storage/members.ts';
import type { RecordStore } from './storage/records.ts';
import type { RunStore } from './storage/runs.ts';
import type { SecretBox } from './storage/secret-box.ts';

/** Everything the runtime's services share. */
export type RuntimeContext = {
  settings: RuntimeSettings;
  app: BuiltApp;
  db: DatabaseSync;
  box: SecretBox;
  members: MemberStore;
  records: RecordStore;
  connections: ConnectionStore;
  runs: RunStore;
  bridge: SandboxBridge | null;
  /** Per-start CSRF token; workspace API key and app tokens are persisted. */
  secrets: { csrfToken: string; apiKey: string; appToken: string; appUserToken: string };
  baseUrl: () => string;
  log: (message: string) => void;
};

/** A provider URL as the runtime must call it: its sandbox on loopback in sandbox mode, unchanged live. */
export const providerUrl = (ctx: RuntimeContext, url: string): string =>
  ctx.bridge ? ctx.bridge.toLocal(url) : url;

export const providerCredentials = (
  ctx: RuntimeContext,
  provider: ConnectionProviderManifest,
): { clientId: string; clientSecret: string } | null => {
  const values = ctx.records.serverVariables();
  const clientId = values.get(provider.oauth.clientIdVariable);
  const clientSecret = values.get(provider.oauth.clientSecretVariable);
  return clientId && clientSecret ? { clientId, clientSecret } : null;
};

export const findProvider = (ctx: RuntimeContext, name: string): ConnectionProviderManifest | undefined =>
  ctx.app.manifest.connectionProviders.find((provider) => provider.name === name);

/** Callback URLs to register at a provider: Twenty's newer path first, then the older one. */
export const callbackUrls = (ctx: RuntimeContext): string[] => [
  `${ctx.baseUrl()}/auth/apps/callback`,
  `${ctx.baseUrl()}/apps/oauth/callback`,
];

/** Every secret value a function's logs or results could leak, for redaction. */
export const knownSecrets = (ctx: RuntimeContext): string[] => {
  const values = [ctx.secrets.apiKey, ctx.secrets.appToken, ctx.secrets.appUserToken];
  for (const connection of ctx.connections.list()) {
    values.push(connection.accessToken);
    if (connection.refreshToken) values.push(connection.refreshToken);
  }
  const serverVariables = ctx.records.serverVariables();
  for (const [name, definition] of Object.entries(ctx.app.manifest.application.serverVariables)) {
    const value = serverVariables.get(name);
    if (definition.isSecret && value) values.push(value);
  }
  for (const member of ctx.members.list()) values.push(member.routeToken);
  return values.filter((value) => value.length >= 6);
};

export const redact = (text: string, secrets: readonly string[]): string => {
  let result = text;
  for (const secret of secrets) result = result.replaceAll(secret, '[redacted]');
  return result;
};
