import { type RevokeOutcome, type Revoker, revocationStatus } from '../../core/revoke';
import { remainingMs } from '../../core/run';
import { GITHUB_HEADERS, githubUrl } from './github.client';
import { github } from './github.provider';

const ATTEMPT_TIMEOUT_MS = 10_000;

const outcome = (revoked: boolean, detail: string): RevokeOutcome => ({ revoked, detail });

/**
 * Revokes this connection's GitHub token when it is disconnected, with `DELETE /applications/{client_id}/token`
 * (`apps/delete-token`): HTTP Basic `client_id:client_secret`, JSON `{ access_token }`, 204 when revoked, 422
 * when GitHub no longer knows the token (docs.github.com/en/rest/apps/oauth-applications#delete-an-app-token).
 *
 * Why revoke at all: GitHub keeps at most 10 tokens per user, app and scope and silently revokes the oldest
 * when an 11th is issued (docs.github.com/en/authentication/keeping-your-account-and-data-secure/
 * token-expiration-and-revocation). Tokens left behind by disconnected connections fill those 10 places, so
 * reconnecting would kill an older connection of the same GitHub account, even a workspace-shared one.
 *
 * Why one token and not the grant (`DELETE /applications/{client_id}/grant`): the grant takes every token of
 * that GitHub user for the app, so it would also break the member's other connections of the same GitHub
 * account (a personal one and a workspace-shared one, or one in another Twenty workspace using this OAuth app)
 * and remove the authorization. Revoking the one token frees exactly this connection's place.
 *
 * `src/core/http.ts`'s `send` authenticates with the connection's Bearer token, which this endpoint does not
 * take, so the request is written here. Never throws and never puts the token or secret in its result.
 */
export const revokeGithub: Revoker = async ({ connection, others, run }) => {
  const clientId = process.env[github.clientIdVariable];
  const clientSecret = process.env[github.clientSecretVariable];
  if (!clientId || !clientSecret) {
    return outcome(false, 'Not revoked at GitHub: the app has no GitHub client id and secret configured.');
  }
  if (others.some((other) => other.accessToken === connection.accessToken)) {
    return outcome(false, 'Not revoked at GitHub: another connection uses the same token.');
  }
  if (remainingMs(run) <= 0) return outcome(false, 'Not revoked at GitHub: no time left to ask.');
  const status = await revocationStatus(run, githubUrl(['applications', clientId, 'token']), {
    method: 'DELETE',
    headers: {
      ...GITHUB_HEADERS,
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`,
    },
    body: JSON.stringify({ access_token: connection.accessToken }),
    timeoutMs: ATTEMPT_TIMEOUT_MS,
  });
  if (status === null) {
    return outcome(false, 'Not revoked at GitHub: GitHub did not answer (timeout or network error).');
  }
  if (status === 204) return outcome(true, 'Revoked the connection’s token at GitHub.');
  if (status === 422) {
    return outcome(
      false,
      'GitHub no longer knows this token (already revoked or expired): nothing to revoke.',
    );
  }
  if (status === 401 || status === 403 || status === 404) {
    return outcome(
      false,
      `Not revoked at GitHub: it refused the app's client id and secret (HTTP ${status}). Check GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET.`,
    );
  }
  return outcome(false, `Not revoked at GitHub: it answered HTTP ${status}.`);
};
