import { defineConnectionProvider } from 'twenty-sdk/define';
import { github } from './github.provider';

export default defineConnectionProvider({
  universalIdentifier: github.ids.connectionProvider,
  name: github.name,
  displayName: github.displayName,
  type: 'oauth',
  oauth: {
    authorizationEndpoint: 'https://github.com/login/oauth/authorize',
    tokenEndpoint: 'https://github.com/login/oauth/access_token',
    // No revokeEndpoint: GitHub revokes with DELETE /applications/{client_id}/token, HTTP Basic client
    // credentials and a JSON body, which Twenty's form POST without credentials cannot express.
    // `repo` reads private repositories and creates issues/comments in them (public_repo would not).
    scopes: ['repo'],
    clientIdVariable: github.clientIdVariable,
    clientSecretVariable: github.clientSecretVariable,
    // GitHub takes form or JSON; Twenty also sends Accept: application/json, without which GitHub would
    // answer form-encoded. GitHub reports token errors in an HTTP 200 body without access_token.
    tokenRequestContentType: 'form-urlencoded',
    // GitHub supports PKCE with S256 only (since 2025-07), which is what Twenty sends.
    usePkce: true,
  },
  onConnectLogicFunction: { universalIdentifier: github.ids.onConnect },
  onDisconnectLogicFunction: { universalIdentifier: github.ids.onDisconnect },
});
