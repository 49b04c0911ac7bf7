import type { ProviderSpec } from '../../core/provider';

export const github = {
  name: 'github',
  displayName: 'GitHub',
  clientIdVariable: 'GITHUB_CLIENT_ID',
  clientSecretVariable: 'GITHUB_CLIENT_SECRET',
  registerAt: 'github.com → Settings → Developer settings → OAuth Apps',
  ids: {
    connectionProvider: 'aa1eb63a-02a9-485d-85ed-64ccc4a6f4a7',
    onConnect: 'bed47888-07fd-4895-952c-3ff2a27d5801',
    onDisconnect: '0b0cfc5b-fea7-46f6-af51-c01c1e44ffdb',
  },
} as const satisfies ProviderSpec;
