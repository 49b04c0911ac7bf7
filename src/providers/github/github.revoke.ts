import type { Revoker } from '../../core/revoke';

/** Revokes Github's credentials for one connection when it is disconnected. */
export const revokeGithub: Revoker = async () => ({ revoked: false, detail: 'Not revoked at Github.' });
