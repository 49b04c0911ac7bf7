import type { ProviderSpec } from '../../core/provider';

export const linear = {
  name: 'linear',
  displayName: 'Linear',
  clientIdVariable: 'LINEAR_CLIENT_ID',
  clientSecretVariable: 'LINEAR_CLIENT_SECRET',
  registerAt: 'linear.app → Settings → API → OAuth applications',
  ids: {
    connectionProvider: '763a8348-b06f-4940-8517-b5673cea220b',
    onConnect: 'f15ba0fd-7651-45a3-ac09-ac3ab2146933',
    onDisconnect: '09d09aec-8f77-4fa9-8ca7-f908284a6159',
  },
} as const satisfies ProviderSpec;
