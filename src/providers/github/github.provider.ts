import type { ProviderSpec } from '../../core/provider';

export const github = {
  name: 'github',
  displayName: 'GitHub',
  clientIdVariable: 'GITHUB_CLIENT_ID',
  clientSecretVariable: 'GITHUB_CLIENT_SECRET',
} as const satisfies ProviderSpec;
