import { type Revoker, revocationStatus } from '../../core/revoke';

const LINEAR_REVOKE = 'https://api.linear.app/oauth/revoke';
const REVOKE_TIMEOUT_MS = 5_000;

/**
 * Revokes the connection's access token at Linear, the documented way: `POST /oauth/revoke` with
 * `Authorization: Bearer <access token>` (https://linear.app/developers/oauth-2-0-authentication). Linear answers
 * 200 revoked, 400 could not revoke (e.g. already revoked), 401 could not authenticate with the token. Any other
 * outcome, a timeout included, leaves the disconnect to go ahead: the detail says so, never with the token.
 */
export const revokeLinear: Revoker = async ({ connection, run }) => {
  const status = await revocationStatus(run, LINEAR_REVOKE, {
    method: 'POST',
    headers: { authorization: `Bearer ${connection.accessToken}`, accept: 'application/json' },
    timeoutMs: REVOKE_TIMEOUT_MS,
  });
  if (status === null) {
    return { revoked: false, detail: 'Linear did not answer the revocation (timeout or network error).' };
  }
  if (status === 200) return { revoked: true, detail: 'Revoked at Linear.' };
  if (status === 400)
    return { revoked: false, detail: 'Linear could not revoke the token (already revoked?).' };
  if (status === 401)
    return { revoked: false, detail: 'Linear no longer accepts the token: nothing to revoke.' };
  return { revoked: false, detail: `Linear answered HTTP ${status} to the revocation.` };
};
