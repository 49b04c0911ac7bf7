import type { ProviderSpec } from '../../core/provider';

export const linear = {
  name: 'linear',
  displayName: 'Linear',
  clientIdVariable: 'LINEAR_CLIENT_ID',
  clientSecretVariable: 'LINEAR_CLIENT_SECRET',
} as const satisfies ProviderSpec;
