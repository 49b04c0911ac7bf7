import { assertGithubRequest } from './github-request.ts';
import type { ProviderContract } from './provider-contract.ts';

/** GitHub: method, path, query and JSON body against GitHub's REST OpenAPI (the subset the app uses). */
export const contract: ProviderContract = {
  handles: (url) => url.hostname === 'api.github.com',
  check: ({ method, url, body }) => assertGithubRequest({ method, url: url.href, body }),
};
