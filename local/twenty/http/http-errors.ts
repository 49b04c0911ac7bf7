import type { z } from 'zod';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../request-limits.ts';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UPSTREAM'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UPSTREAM: 502,
  INTERNAL: 500,
};

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The runtime's one JSON error shape: `{ error: { code, message } }`, with the code's HTTP status. */
export const errorResponse = (code: ErrorCode, message: string, headers?: Record<string, string>): Response =>
  Response.json({ error: { code, message } }, { status: STATUS[code], ...(headers ? { headers } : {}) });

/** 405 with the `Allow` header RFC 9110 §15.5.6 requires: the methods the path does take. */
export const methodNotAllowed = (method: string, path: string, allowed: string[]): Response =>
  errorResponse('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}; use ${allowed.join(' or ')}.`, {
    allow: allowed.join(', '),
  });

/** `__proto__` as a key would be dropped silently by the schema (or reach an object's prototype): refused. */
const refuseProto = (key: string, value: unknown) => {
  if (key === '__proto__') throw new HttpError('BAD_REQUEST', 'The request body has a "__proto__" key.');
  return value;
};

/**
 * `JSON.parse` with the depth limit: throws a 400 `HttpError` for malformed or too deeply nested JSON, and for
 * a `__proto__` key.
 */
export const parseJson = (text: string): unknown => {
  if (jsonTooDeep(text)) {
    throw new HttpError('BAD_REQUEST', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return JSON.parse(text, refuseProto);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
};

/** Parses a JSON body with a zod schema; a clear 400 names the fields that are wrong. */
export const readJson = async <T>(request: Request, schema: z.ZodType<T>): Promise<T> => {
  const text = await request.text();
  const raw = text === '' ? {} : parseJson(text);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new HttpError('BAD_REQUEST', `Invalid request: ${problems.join('; ')}`);
  }
  return parsed.data;
};
