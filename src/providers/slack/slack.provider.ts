import type { ProviderSpec } from '../../core/provider';

export const slack = {
  name: 'slack',
  displayName: 'Slack',
  clientIdVariable: 'SLACK_CLIENT_ID',
  clientSecretVariable: 'SLACK_CLIENT_SECRET',
  registerAt: 'api.slack.com/apps → your app → Basic Information',
  ids: {
    connectionProvider: '740af486-41cf-48bf-bf74-d51baf813e4a',
    onConnect: 'e6453d5a-00d1-48e5-8c62-a659f2e2e42a',
    onDisconnect: '70bde008-bff6-4a15-946d-49f6689c2067',
  },
} as const satisfies ProviderSpec;
