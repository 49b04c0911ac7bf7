import type { z } from 'zod';
import { nonStringArguments, type SlackMethod, slackMethodArguments } from './slack-schemas.ts';

/** One outgoing Slack Web API call, as a test captured it. */
export type SlackRequest = {
  /** Web API method name, e.g. `chat.postMessage`. */
  method: string;
  /**
   * Request body: a parsed JSON object or JSON text (a JSON body), form-encoded text or `URLSearchParams`.
   * Omit for a GET whose arguments are in the query string.
   */
  body?: unknown;
  /** The request URL (`https://slack.com/api/<method>?...`); when given, its query arguments are checked too. */
  url?: string | URL;
};

/**
 * Methods this project calls that read a JSON body: Slack's OpenAPI spec (slackapi/slack-api-specs
 * web-api/slack_web_openapi_v2.json @bc08db4, `consumes` per method) lists `application/json` for
 * `chat.postMessage`, `chat.delete` and `auth.test` only; `conversations.list`, `team.info` and `auth.revoke` are form/query
 * only (https://docs.slack.dev/apis/web-api: "Most write methods allow arguments with application/json").
 * `chat.getPermalink` and `conversations.info` are reads: their method pages list GET with
 * `application/x-www-form-urlencoded` only.
 * A JSON body sent to another method is ignored by Slack: its arguments never arrive.
 */
const JSON_METHODS = new Set<string>(['chat.postMessage', 'chat.delete', 'auth.test']);

const isSlackMethod = (method: string): method is SlackMethod => Object.hasOwn(slackMethodArguments, method);

/** Turns query/form strings back into what Slack reads from them ("true", "1", JSON-encoded blocks...). */
const fromStrings = (entries: Iterable<[string, string]>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    const kind = nonStringArguments[name];
    if (kind === 'number' && /^\d+$/.test(value)) out[name] = Number(value);
    else if (kind === 'boolean' && ['true', '1', 'false', '0'].includes(value)) {
      out[name] = value === 'true' || value === '1';
    } else if (kind === 'json') {
      try {
        out[name] = JSON.parse(value);
      } catch {
        out[name] = value;
      }
    } else out[name] = value;
  }
  return out;
};

/** The body's arguments, and whether it was JSON (a parsed object or JSON text) rather than a form. */
const bodyArguments = (body: unknown): { args: Record<string, unknown>; json: boolean } => {
  if (body === undefined || body === null || body === '') return { args: {}, json: false };
  if (body instanceof URLSearchParams) return { args: fromStrings(body), json: false };
  if (typeof body === 'string') {
    return body.trimStart().startsWith('{')
      ? { args: JSON.parse(body) as Record<string, unknown>, json: true }
      : { args: fromStrings(new URLSearchParams(body)), json: false };
  }
  if (typeof body === 'object' && !Array.isArray(body)) {
    return { args: body as Record<string, unknown>, json: true };
  }
  throw new Error('Slack request body must be an object, JSON text, form text or URLSearchParams');
};

const queryArguments = (method: string, url: string | URL | undefined): Record<string, unknown> => {
  if (url === undefined) return {};
  const parsed = new URL(String(url));
  if (!parsed.pathname.endsWith(`/api/${method}`)) {
    throw new Error(`Slack request URL ${parsed.pathname} does not call ${method}`);
  }
  // Slack rejects tokens in query strings for apps created after 2021-02-24, and URLs end up in logs.
  if (parsed.searchParams.has('token')) {
    throw new Error(`Slack ${method}: token passed in the query string; send it as Authorization: Bearer`);
  }
  return fromStrings(parsed.searchParams);
};

/** Issue lines; for a union (chat.postMessage) the closest alternative's issues, not zod's "Invalid input". */
const describeIssues = (issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): string[] =>
  issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      return describeIssues(closest, path);
    }
    return [`${path.length > 0 ? path.map(String).join('.') : '(arguments)'}: ${issue.message}`];
  });

/**
 * Asserts that a Slack Web API call is one this project may make, with arguments `@slack/web-api`'s request
 * types accept, sent in a form Slack reads (JSON only to `JSON_METHODS`) (checked with the zod mirrors in slack-schemas.ts): known method, required arguments present
 * with the right types, no unknown argument, and no token in the query string. Query-string and form
 * arguments are read the way Slack reads them (numbers, booleans, JSON-encoded blocks).
 *
 * @returns the method name.
 * @throws Error naming the method and every bad argument.
 */
export const assertSlackRequest = ({ method, body, url }: SlackRequest): SlackMethod => {
  if (!isSlackMethod(method)) {
    throw new Error(
      `Slack method "${method}" is not one this project calls (${Object.keys(slackMethodArguments)})`,
    );
  }
  const fromBody = bodyArguments(body);
  if (fromBody.json && !JSON_METHODS.has(method) && Object.keys(fromBody.args).length > 0) {
    throw new Error(
      `Slack ${method} does not read JSON bodies: its arguments (${Object.keys(fromBody.args)}) would be ignored; send them form-encoded`,
    );
  }
  const args = { ...queryArguments(method, url), ...fromBody.args };
  const result = slackMethodArguments[method].safeParse(args);
  if (!result.success) {
    const problems = describeIssues(result.error.issues);
    throw new Error(`Slack ${method} arguments are not acceptable:\n- ${problems.join('\n- ')}`);
  }
  return method;
};
