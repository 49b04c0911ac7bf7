/** What the core needs to know about a provider; each provider folder exports one. */
export type ProviderSpec = {
  /** Connection provider `name` in the manifest (`listConnections({ providerName })`). */
  name: 'linear' | 'github' | 'slack';
  displayName: string;
  clientIdVariable: string;
  clientSecretVariable: string;
};

/** A provider is usable once the server admin filled both OAuth client variables. */
export const isProviderConfigured = (provider: ProviderSpec, env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env[provider.clientIdVariable]?.trim() && env[provider.clientSecretVariable]?.trim());
