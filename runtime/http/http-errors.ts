import type { z } from 'zod';

export type ErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UPSTREAM';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
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

/** Parses a JSON body with a zod schema; a clear 400 names the fields that are wrong. */
export const readJson = async <T>(request: Request, schema: z.ZodType<T>): Promise<T> => {
  let raw: unknown;
  const text = await request.text();
  try {
    raw = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new HttpError('BAD_REQUEST', `Invalid request: ${problems.join('; ')}`);
  }
  return parsed.data;
};
