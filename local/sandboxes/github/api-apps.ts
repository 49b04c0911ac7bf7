import { readBasicAuth } from '../shared/request.ts';
import { type ApiContext, type ApiResult, apiError, validationFailed } from './api-context.ts';

const TOKEN_DOCS = 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-token';
const GRANT_DOCS = 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization';

/**
 * `DELETE /applications/{client_id}/token` and `/grant` (`apps/delete-token`, `apps/delete-authorization`):
 * HTTP Basic `client_id:client_secret` and JSON `{access_token}`. 204 when revoked, 422 when the token is
 * unknown. GitHub has no RFC 7009 revocation endpoint: anything else gets the generic 404.
 */
function revoke(ctx: ApiContext, scope: 'token' | 'grant'): ApiResult {
  const docs = scope === 'token' ? TOKEN_DOCS : GRANT_DOCS;
  const credentials = readBasicAuth(ctx.request);
  const clientId = ctx.params.client_id ?? '';
  if (
    !credentials ||
    credentials.clientId !== clientId ||
    !ctx.apps.authenticate(clientId, credentials.clientSecret)
  ) {
    return apiError(404, 'Not Found', docs);
  }
  const token = ctx.json.access_token;
  if (typeof token !== 'string' || token === '') {
    return validationFailed(
      [{ resource: 'OauthAccess', field: 'access_token', code: 'missing_field' }],
      docs,
    );
  }
  const revoked =
    scope === 'token' ? ctx.apps.revokeToken(clientId, token) : ctx.apps.revokeGrant(clientId, token);
  if (!revoked)
    return validationFailed([{ resource: 'OauthAccess', field: 'access_token', code: 'invalid' }], docs);
  return { status: 204 };
}

export const deleteAppToken = (ctx: ApiContext) => revoke(ctx, 'token');
export const deleteAppAuthorization = (ctx: ApiContext) => revoke(ctx, 'grant');
