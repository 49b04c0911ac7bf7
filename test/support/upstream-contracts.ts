import { assertGithubRequest, assertLinearRequestBody, assertSlackRequest } from './contracts.ts';

/** One request the app sent that breaks the provider's published contract. */
export type ContractViolation = { url: string; problem: string };

const isOAuthPath = (url: URL) =>
  url.pathname.startsWith('/oauth') ||
  url.pathname.startsWith('/login/oauth') ||
  url.pathname.startsWith('/api/oauth.') ||
  /^\/applications\/[^/]+\/(grant|token)/.test(url.pathname);

/**
 * Checks one request the app sends to a provider API against the vendored contracts: Linear GraphQL
 * documents against Linear's schema (variables only), GitHub REST against its OpenAPI subset, Slack
 * Web API arguments against `@slack/web-api`'s request types. OAuth endpoints are the server's job, not
 * the app's, so they are not checked here. Returns the problem, or null.
 */
export const checkUpstreamRequest = async (request: Request): Promise<ContractViolation | null> => {
  const url = new URL(request.url);
  if (isOAuthPath(url)) return null;
  const text = await request.clone().text();
  try {
    if (url.hostname === 'api.linear.app' && url.pathname === '/graphql') {
      assertLinearRequestBody(text);
    } else if (url.hostname === 'api.github.com') {
      assertGithubRequest({ method: request.method, url: request.url, body: text || undefined });
    } else if (url.hostname === 'slack.com' && url.pathname.startsWith('/api/')) {
      assertSlackRequest({ method: url.pathname.slice('/api/'.length), body: text || undefined, url });
    } else {
      return { url: `${request.method} ${request.url}`, problem: 'not an API endpoint the app should call' };
    }
  } catch (error) {
    return { url: `${request.method} ${request.url}`, problem: (error as Error).message };
  }
  return null;
};
