import { assertLinearRequestBody } from './linear-document.ts';
import type { ProviderContract } from './provider-contract.ts';

/** Linear: GraphQL documents validated against Linear's public schema, with variables only (no literals). */
export const contract: ProviderContract = {
  handles: (url) => url.hostname === 'api.linear.app' && url.pathname === '/graphql',
  check: ({ body }) => assertLinearRequestBody(body ?? ''),
};
