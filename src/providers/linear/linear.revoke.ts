import type { Revoker } from '../../core/revoke';

/** Revokes Linear's credentials for one connection when it is disconnected. */
export const revokeLinear: Revoker = async () => ({ revoked: false, detail: 'Not revoked at Linear.' });
