/**
 * What the app knows about a provider as plain data; each provider folder exports one
 * (`src/providers/<name>/<name>.provider.ts`) and `src/providers/index.ts` lists them all.
 */
export type ProviderSpec = {
  /** Connection provider `name` in the manifest (`listConnections({ providerName })`). */
  name: string;
  displayName: string;
  clientIdVariable: string;
  clientSecretVariable: string;
  /** Where a server admin creates the OAuth app, for the client id variable's description. */
  registerAt: string;
  /** Stable UUIDs Twenty matches this provider's parts by, across versions. Never change one. */
  ids: { connectionProvider: string; onConnect: string; onDisconnect: string };
};

/** A provider is usable once the server admin filled both OAuth client variables. */
export const isProviderConfigured = (provider: ProviderSpec, env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env[provider.clientIdVariable]?.trim() && env[provider.clientSecretVariable]?.trim());

type ServerVariable = { description: string; isSecret: boolean; isRequired: boolean };

/** The two server variables a provider's OAuth client needs, as `defineApplication` declares them. */
export const serverVariablesOf = (provider: ProviderSpec): Record<string, ServerVariable> => ({
  [provider.clientIdVariable]: {
    description: `${provider.displayName} OAuth app client id (${provider.registerAt}). Leave empty to disable ${provider.displayName}.`,
    isSecret: false,
    isRequired: false,
  },
  [provider.clientSecretVariable]: {
    description: `${provider.displayName} OAuth app client secret, from the same page.`,
    isSecret: true,
    isRequired: false,
  },
});

/** Display names as a sentence lists them: "Linear, GitHub and Slack". */
export const listNames = (providers: readonly ProviderSpec[]): string => {
  const names = providers.map((p) => p.displayName);
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
};
