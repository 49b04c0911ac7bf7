import type { Revoker } from '../../core/revoke';

/** Revokes Slack's credentials for one connection when it is disconnected. */
export const revokeSlack: Revoker = async () => ({ revoked: false, detail: 'Not revoked at Slack.' });
