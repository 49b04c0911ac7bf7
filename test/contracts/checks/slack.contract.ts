import type { ProviderContract } from './provider-contract.ts';
import { assertSlackRequest } from './slack-request.ts';

/** Slack: Web API arguments against zod mirrors of `@slack/web-api`'s request types. */
export const contract: ProviderContract = {
  handles: (url) => url.hostname === 'slack.com' && url.pathname.startsWith('/api/'),
  check: ({ url, body }) => assertSlackRequest({ method: url.pathname.slice('/api/'.length), body, url }),
};
