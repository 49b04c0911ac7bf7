import type { ProviderSpec } from '../../core/provider';

export const slack = {
  name: 'slack',
  displayName: 'Slack',
  clientIdVariable: 'SLACK_CLIENT_ID',
  clientSecretVariable: 'SLACK_CLIENT_SECRET',
} as const satisfies ProviderSpec;
