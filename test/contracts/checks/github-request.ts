import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type OpenApiSchema, schemaProblems } from './json-schema-subset.ts';

type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: OpenApiSchema;
};
type Operation = {
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: OpenApiSchema }> };
};
type Subset = { paths: Record<string, Record<string, Operation>> };

/** GitHub's REST OpenAPI, cut down to the operations this project calls (scripts/vendor-github-subset.ts). */
export const githubSubsetPath = resolve(
  import.meta.dirname,
  '../../../vendor/contracts/github/openapi-subset.json',
);

let subset: Subset | undefined;
const loadSubset = (): Subset => {
  subset ??= JSON.parse(readFileSync(githubSubsetPath, 'utf8')) as Subset;
  return subset;
};

/** One outgoing GitHub REST request, as a test captured it. */
export type GithubRequest = {
  method: string;
  /** Absolute URL under `baseUrl`, or a path starting with `/`. */
  url: string | URL;
  /** JSON body: the raw text or the parsed value; omitted for requests without a body. */
  body?: unknown;
  /** Defaults to `https://api.github.com`. */
  baseUrl?: string;
};

// RFC 3986 pchar: unreserved / pct-encoded / sub-delims / ":" / "@". Anything else was not encoded.
const pchar = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;

const splitUrl = (url: string | URL, baseUrl: string): { path: string; query: string } => {
  const text = String(url);
  const relative = text.startsWith(baseUrl) ? text.slice(baseUrl.length) : text;
  if (!relative.startsWith('/')) throw new Error(`GitHub request URL ${text} is not under ${baseUrl}`);
  if (relative.includes('#')) throw new Error(`GitHub request URL ${text} has a fragment`);
  const queryAt = relative.indexOf('?');
  return queryAt < 0
    ? { path: relative, query: '' }
    : { path: relative.slice(0, queryAt), query: relative.slice(queryAt + 1) };
};

/** Problems with one path segment standing for `{param}`; empty when it is a correctly encoded value. */
const segmentProblems = (param: Parameter | undefined, raw: string): string[] => {
  const name = param?.name ?? '?';
  if (raw === '') return [`path parameter {${name}} is empty`];
  if (!pchar.test(raw)) {
    return [`path parameter {${name}} "${raw}" has characters that must be percent-encoded`];
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return [`path parameter {${name}} "${raw}" is not valid percent-encoded UTF-8`];
  }
  // Servers and proxies resolve dot segments, even encoded ones (and some decode %2F first), so a value
  // that is or contains a "." / ".." component can change which resource the request reaches.
  if (decoded.split(/[/\\]/).some((part) => part === '.' || part === '..')) {
    return [`path parameter {${name}} "${raw}" contains a dot segment`];
  }
  if (param?.schema?.type === 'integer' && !/^\d+$/.test(decoded)) {
    return [`path parameter {${name}} "${decoded}" must be an integer`];
  }
  return [];
};

const matchTemplate = (template: string, segments: string[]): boolean => {
  const parts = template.slice(1).split('/');
  return (
    parts.length === segments.length && parts.every((part, i) => part.startsWith('{') || part === segments[i])
  );
};

const pathProblems = (template: string, operation: Operation, segments: string[]): string[] =>
  template
    .slice(1)
    .split('/')
    .flatMap((part, i) => {
      if (!part.startsWith('{')) return [];
      const param = operation.parameters.find((p) => p.in === 'path' && `{${p.name}}` === part);
      return segmentProblems(param, segments[i] ?? '');
    });

/** OpenAPI `format: date-time` is RFC 3339's date-time (`since` reads "YYYY-MM-DDTHH:MM:SSZ"). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const queryProblems = (operation: Operation, query: string): string[] => {
  const declared = operation.parameters.filter((p) => p.in === 'query');
  const params = new URLSearchParams(query);
  const problems = declared
    .filter((p) => p.required && !params.get(p.name))
    .map((p) => `query parameter "${p.name}" is required but missing`);
  for (const [name, value] of params) {
    const param = declared.find((p) => p.name === name);
    if (!param) problems.push(`query parameter "${name}" is not defined for this operation`);
    else if (param.schema?.type === 'integer' && !/^-?\d+$/.test(value)) {
      problems.push(`query parameter "${name}" is "${value}" but must be an integer`);
    } else if (param.schema?.format === 'date-time' && !DATE_TIME.test(value)) {
      problems.push(`query parameter "${name}" is "${value}" but must be an ISO 8601 date-time`);
    } else if (param.schema?.enum && !param.schema.enum.includes(value)) {
      problems.push(
        `query parameter "${name}" is "${value}" but must be one of ${param.schema.enum.join(', ')}`,
      );
    }
  }
  return problems;
};

const bodyProblems = (operation: Operation, body: unknown): string[] => {
  const absent = body === undefined || body === null || body === '';
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) return absent ? [] : ['this operation takes no request body'];
  if (absent) return operation.requestBody?.required ? ['a JSON request body is required'] : [];
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return ['the request body is not valid JSON'];
    }
  }
  return schemaProblems(schema, value, 'body', true);
};

/**
 * Asserts that a request matches exactly one operation of GitHub's REST OpenAPI (vendored subset).
 *
 * Checks: the method and path match an operation's template, each `{param}` segment is non-empty,
 * correctly percent-encoded (raw spaces, non-ASCII and so on are rejected; an unencoded `/` makes the path
 * match nothing) and not a `.`/`..` dot segment even once decoded; integer path parameters are digits;
 * required query parameters are present and known ones have valid values, unknown ones are rejected; the
 * JSON body has every required field with the right type, and no field the operation does not define.
 *
 * @returns the matched `operationId`, e.g. `issues/create`.
 * @throws Error naming the operation (when one matched) and every problem found.
 */
export const assertGithubRequest = ({
  method,
  url,
  body,
  baseUrl = 'https://api.github.com',
}: GithubRequest) => {
  const { path, query } = splitUrl(url, baseUrl);
  const segments = path.slice(1).split('/');
  const verb = method.toLowerCase();
  const candidates = Object.entries(loadSubset().paths)
    .filter(([template, item]) => item[verb] && matchTemplate(template, segments))
    // Prefer the most specific template (fewest parameters) if several fit.
    .sort(([a], [b]) => a.split('{').length - b.split('{').length);
  const [match] = candidates;
  if (!match) {
    throw new Error(
      `GitHub request ${method.toUpperCase()} ${path} matches no operation of the OpenAPI subset`,
    );
  }
  const [template, item] = match;
  const operation = item[verb]!;
  const problems = [
    ...pathProblems(template, operation, segments),
    ...queryProblems(operation, query),
    ...bodyProblems(operation, body),
  ];
  if (problems.length > 0) {
    throw new Error(
      `GitHub request ${method.toUpperCase()} ${path} (${operation.operationId}) is not acceptable:\n- ${problems.join('\n- ')}`,
    );
  }
  return operation.operationId;
};
