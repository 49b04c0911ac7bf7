import { defineConnectionProvider } from 'twenty-sdk/define';
import { slack } from './slack.provider';

const BOT_SCOPES = ['channels:read', 'groups:read', 'chat:write', 'chat:write.public', 'team:read'];

export default defineConnectionProvider({
  universalIdentifier: slack.ids.connectionProvider,
  name: slack.name,
  displayName: slack.displayName,
  type: 'oauth',
  oauth: {
    authorizationEndpoint: 'https://slack.com/oauth/v2/authorize',
    tokenEndpoint: 'https://slack.com/api/oauth.v2.access',
    // No revokeEndpoint: every install of the app in one Slack workspace shares one bot token, and
    // auth.revoke with it deactivates the bot for all of them. on-disconnect revokes only the last one
    // (slack.revoke.ts).
    // Bot scopes: the bot token comes back at the top level of oauth.v2.access (`access_token`,
    // token_type "bot"), which is the field Twenty stores; we request no user_scope.
    scopes: BOT_SCOPES,
    clientIdVariable: slack.clientIdVariable,
    clientSecretVariable: slack.clientSecretVariable,
    // Slack documents comma-separated scopes; Twenty joins with spaces, so override.
    authorizationParams: { scope: BOT_SCOPES.join(',') },
    // oauth.v2.access is documented with form bodies.
    tokenRequestContentType: 'form-urlencoded',
    // Enabling PKCE turns a Slack app into a public client for good (and 30-day refresh tokens);
    // a server-side app with a client secret does not need it.
    usePkce: false,
  },
  onConnectLogicFunction: { universalIdentifier: slack.ids.onConnect },
  onDisconnectLogicFunction: { universalIdentifier: slack.ids.onDisconnect },
});
