import { PROVIDERS } from '../../src/providers/index.ts';
import type { ProviderContract } from '../contracts/checks/provider-contract.ts';

/** One request the app sent that breaks the provider's published contract. */
export type ContractViolation = { url: string; problem: string };

const isOAuthPath = (url: URL) =>
  url.pathname.startsWith('/oauth') ||
  url.pathname.startsWith('/login/oauth') ||
  url.pathname.startsWith('/api/oauth.') ||
  /^\/applications\/[^/]+\/(grant|token)/.test(url.pathname);

/**
 * Every listed provider's contract (`test/contracts/checks/<name>.contract.ts`), each vendored under
 * vendor/contracts with its license. A provider without one fails here, at import, not with a puzzling
 * "not an API endpoint" in every test.
 */
const CONTRACTS: ProviderContract[] = await Promise.all(
  PROVIDERS.map(
    async ({ name }) =>
      ((await import(`../contracts/checks/${name}.contract.ts`)) as { contract: ProviderContract }).contract,
  ),
);

/**
 * Checks one request the app sends to a provider API against that provider's published contract. OAuth
 * endpoints are the server's job, not the app's, so they are not checked here. Returns the problem, or null.
 */
export const checkUpstreamRequest = async (request: Request): Promise<ContractViolation | null> => {
  const url = new URL(request.url);
  if (isOAuthPath(url)) return null;
  const contract = CONTRACTS.find((c) => c.handles(url));
  if (!contract) {
    return { url: `${request.method} ${request.url}`, problem: 'not an API endpoint the app should call' };
  }
  const text = await request.clone().text();
  try {
    contract.check({ method: request.method, url, body: text || undefined });
  } catch (error) {
    return { url: `${request.method} ${request.url}`, problem: (error as Error).message };
  }
  return null;
};
