// Fake data for the console's mock runtime: the shapes of docs/runtime-api.md, with believable content.

export type MockConnection = {
  id: string;
  providerName: string;
  name: string;
  visibility: 'user' | 'workspace';
  ownerId: string;
  account: { account: string; details: Record<string, string>; recordedAt: string } | null;
  authFailedAt: string | null;
  authFailedReason: string | null;
  createdAt: string;
};

export const MEMBERS = [
  {
    id: 'member-tim',
    userWorkspaceId: 'uw-tim',
    name: 'Tim Apple',
    email: 'tim@apple.dev',
    isAdmin: true,
    routeToken: 'rt_tim_6f1c2a9b7e',
  },
  {
    id: 'member-jony',
    userWorkspaceId: 'uw-jony',
    name: 'Jony Ive',
    email: 'jony@apple.dev',
    isAdmin: false,
    routeToken: 'rt_jony_0d4e8c3a51',
  },
  {
    id: 'member-phil',
    userWorkspaceId: 'uw-phil',
    name: 'Phil Schiller',
    email: 'phil@apple.dev',
    isAdmin: false,
    routeToken: 'rt_phil_93b7d2f0c4',
  },
];

export const PROVIDERS = [
  { name: 'linear', displayName: 'Linear', scopes: ['read', 'write', 'issues:create', 'comments:create'] },
  { name: 'github', displayName: 'GitHub', scopes: ['repo', 'read:user'] },
  { name: 'slack', displayName: 'Slack', scopes: ['channels:read', 'chat:write', 'team:read'] },
].map((p) => ({
  ...p,
  clientIdVariable: `${p.name.toUpperCase()}_CLIENT_ID`,
  clientSecretVariable: `${p.name.toUpperCase()}_CLIENT_SECRET`,
}));

export const SERVER_VARIABLES = PROVIDERS.flatMap((p) => [
  {
    name: p.clientIdVariable,
    description: `${p.displayName} OAuth app client ID`,
    isSecret: false,
    isRequired: false,
  },
  {
    name: p.clientSecretVariable,
    description: `${p.displayName} OAuth app client secret`,
    isSecret: true,
    isRequired: false,
  },
]);

export const APPLICATION_VARIABLES = [
  { name: 'DIGEST_SLACK_CHANNEL', description: 'Slack channel id for the daily Linear digest', value: '' },
  {
    name: 'DIGEST_LINEAR_TEAM_KEYS',
    description: 'Comma-separated Linear team keys in the digest',
    value: 'ENG',
  },
  {
    name: 'STAGE_CHANGE_SLACK_CHANNEL',
    description: 'Slack channel id for opportunity stage changes',
    value: '',
  },
];

const createIssueSchema = {
  type: 'object',
  properties: {
    teamId: { type: 'string', description: 'Linear team id; list teams first if you do not know it.' },
    title: { type: 'string', description: 'Issue title, one line.' },
    description: { type: 'string', description: 'Markdown body of the issue.' },
    priority: {
      type: 'integer',
      minimum: 0,
      maximum: 4,
      description: '0 none, 1 urgent, 2 high, 3 medium, 4 low.',
    },
    connection: { type: 'string', description: 'Connection id or name when you have several.' },
  },
  required: ['teamId', 'title'],
};

export const FUNCTIONS = [
  {
    id: 'fn-linear-create-issue',
    name: 'linear-create-issue',
    description: 'Create a Linear issue in a team, as the requesting member.',
    timeoutSeconds: 30,
    triggers: {
      tool: { toolName: 'app_linear_create_issue', inputSchema: createIssueSchema },
      route: { path: '/linear/issues', httpMethod: 'POST', isAuthRequired: true },
    },
  },
  {
    id: 'fn-linear-list-teams',
    name: 'linear-list-teams',
    description: 'List the Linear teams the connection can see.',
    timeoutSeconds: 30,
    triggers: {
      tool: {
        toolName: 'app_linear_list_teams',
        inputSchema: { type: 'object', properties: {}, required: [] },
      },
    },
  },
  {
    id: 'fn-slack-post-message',
    name: 'slack-post-message',
    description: 'Post a message to a Slack channel.',
    timeoutSeconds: 30,
    triggers: {
      tool: {
        toolName: 'app_slack_post_message',
        inputSchema: {
          type: 'object',
          properties: {
            channel: { type: 'string', description: 'Channel id, e.g. C0123.' },
            text: { type: 'string', description: 'Message text (Slack mrkdwn).' },
            unfurlLinks: { type: 'boolean', description: 'Let Slack expand links.' },
          },
          required: ['channel', 'text'],
        },
      },
      route: { path: '/slack/messages', httpMethod: 'POST', isAuthRequired: true },
    },
  },
  {
    id: 'fn-linear-digest',
    name: 'linear-digest',
    description: 'Post recently updated Linear issues to the digest Slack channel.',
    timeoutSeconds: 120,
    triggers: { cron: { pattern: '0 8 * * 1-5', nextRunAt: '2025-11-24T08:00:00.000Z' } },
  },
  {
    id: 'fn-opportunity-stage-to-slack',
    name: 'opportunity-stage-to-slack',
    description: 'Tell Slack when an opportunity changes stage.',
    timeoutSeconds: 30,
    triggers: { databaseEvent: { eventName: 'opportunity.updated', updatedFields: ['stage'] } },
  },
  {
    id: 'fn-linear-on-connect',
    name: 'linear-on-connect',
    description: 'Record the Linear organization and user behind a new connection.',
    timeoutSeconds: 30,
    triggers: { connection: { provider: 'linear', hook: 'onConnect' } },
  },
];

export function seedSandbox() {
  return {
    linear: {
      teams: [
        { id: 'team-eng', key: 'ENG', name: 'Engineering' },
        { id: 'team-des', key: 'DES', name: 'Design' },
      ],
      issues: [
        {
          id: 'iss-1',
          identifier: 'ENG-1',
          title: 'Set up CI',
          state: 'Todo',
          team: 'ENG',
          createdAt: '2025-11-20T10:00:00.000Z',
        },
      ],
      comments: [],
    },
    github: {
      repos: [{ id: 1, fullName: 'acme/web', private: false }],
      issues: [],
      comments: [],
    },
    slack: {
      channels: [
        { id: 'C0GENERAL', name: 'general' },
        { id: 'C0DEALS', name: 'deals' },
      ],
      messages: [],
    },
  };
}
