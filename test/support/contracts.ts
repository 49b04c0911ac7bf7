/**
 * Request-contract checks for tests: every request the app sends upstream is checked against the
 * provider's published contract, vendored under vendor/contracts with its license.
 *
 * - Linear: GraphQL documents validated against Linear's public schema, with variables only (no literals).
 * - GitHub: method, path, query and JSON body against GitHub's REST OpenAPI (the subset the app uses).
 * - Slack: Web API arguments against zod mirrors of `@slack/web-api`'s request types.
 *
 * Each `assert*` throws an Error naming every problem, so a failing test says what the app sent wrong.
 */

export { assertGithubRequest, type GithubRequest } from '../contracts/checks/github-request.ts';
export {
  assertLinearDocument,
  assertLinearRequestBody,
  type LinearDocumentSummary,
  linearSchema,
} from '../contracts/checks/linear-document.ts';
export { assertSlackRequest, type SlackRequest } from '../contracts/checks/slack-request.ts';
export type { SlackMethod } from '../contracts/checks/slack-schemas.ts';
