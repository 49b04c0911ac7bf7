import { defineConnectionProvider } from 'twenty-sdk/define';
import { linear } from './linear.provider';

export default defineConnectionProvider({
  universalIdentifier: linear.ids.connectionProvider,
  name: linear.name,
  displayName: linear.displayName,
  type: 'oauth',
  oauth: {
    authorizationEndpoint: 'https://linear.app/oauth/authorize',
    tokenEndpoint: 'https://api.linear.app/oauth/token',
    // Kept for older servers (revoke, delete, then hook): their only try. Twenty posts RFC 7009 `token=`, which
    // Linear does not document (it may do nothing); onDisconnect revokes with a Bearer header first on current ones.
    revokeEndpoint: 'https://api.linear.app/oauth/revoke',
    // `write` is what issueUpdate needs; it also covers issues:create and comments:create, and the Customers
    // mutations (customerUpsert, customerNeedCreate): Linear has no Customers scope (docs/providers/linear.md,
    // "Scopes for Customers: none added"), so linking work items asks members for nothing new.
    scopes: ['read', 'write'],
    clientIdVariable: linear.clientIdVariable,
    clientSecretVariable: linear.clientSecretVariable,
    authorizationParams: {
      // Linear documents comma-separated scopes; Twenty joins `scopes` with spaces, so override.
      scope: 'read,write',
      // Always show Linear's consent screen, so a member can connect a second Linear workspace.
      prompt: 'consent',
    },
    // Linear's token endpoint takes application/x-www-form-urlencoded only.
    tokenRequestContentType: 'form-urlencoded',
    // Linear supports PKCE (S256), which Twenty generates and verifies per connection.
    usePkce: true,
  },
  onConnectLogicFunction: { universalIdentifier: linear.ids.onConnect },
  onDisconnectLogicFunction: { universalIdentifier: linear.ids.onDisconnect },
});
