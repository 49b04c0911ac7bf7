import type { z } from 'zod';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UPSTREAM';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UPSTREAM: 502,
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

export const errorResponse = (code: ErrorCode, message: string): Response =>
  Response.json({ error: { code, message } }, { status: STATUS[code] });

/** Deeper JSON than any request of ours needs; deeper documents would exhaust the stack of recursive code. */
export const MAX_JSON_DEPTH = 64;

/** True when `text` nests arrays/objects deeper than `max`; a linear scan, before `JSON.parse` builds anything. */
export const jsonTooDeep = (text: string, max = MAX_JSON_DEPTH): boolean => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > max) return true;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return false;
};

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
