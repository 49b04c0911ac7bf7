import type { z } from 'zod';
import { isAppError } from '../../src/core/app-error.ts';
import type { Session } from '../../src/core/session.ts';
import type { ConnectionFacts } from './runtime-records.ts';
import { type Exchange, isOffline, type Tape } from './upstream-tape.ts';

export type Status = 'ok' | 'warn' | 'fail' | 'skip';
/** One line of the report: what was checked, how it went, in words an admin can act on. */
export type Check = { check: string; status: Status; detail: string };

export type ProbeContext = {
  session: Session;
  tape: Tape;
  facts: ConnectionFacts;
  requestedScopes: readonly string[];
  /** `--write`: create one item and remove it. */
  write: { slackChannel: string | null; linearTeam: string | null } | null;
  progress: (message: string) => void;
};

export type Outcome<T> =
  | { ok: true; value: T; exchange: Exchange | undefined }
  | { ok: false; error: unknown; exchange: Exchange | undefined; offline: boolean };

/** Runs one call of the app's own provider code and keeps the last upstream exchange it made. */
export const call = async <T>(
  ctx: ProbeContext,
  what: string,
  run: () => Promise<T>,
): Promise<Outcome<T>> => {
  ctx.progress(`${what}…`);
  const from = ctx.tape.exchanges.length;
  const made = () => ctx.tape.exchanges.slice(from);
  try {
    const value = await run();
    return { ok: true, value, exchange: made().at(-1) };
  } catch (error) {
    const exchanges = made();
    return {
      ok: false,
      error,
      exchange: exchanges.at(-1),
      offline: exchanges.length > 0 && exchanges.every(isOffline),
    };
  }
};

export const messageOf = (error: unknown): string =>
  isAppError(error) ? error.message : `unexpected error: ${(error as Error)?.message ?? String(error)}`;

/**
 * Reachable and token checks from the identity call. Returns `null` checks to stop when there is no point
 * going on (no answer, or the token is refused).
 */
export const identityChecks = (
  outcome: Outcome<unknown>,
  host: string,
  account: (value: unknown) => string,
): { checks: Check[]; goOn: boolean } => {
  if (!outcome.ok && !outcome.exchange?.status) {
    const why = outcome.exchange?.networkError ?? messageOf(outcome.error);
    return {
      checks: [
        {
          check: 'reachable',
          status: 'fail',
          detail: outcome.offline
            ? `could not reach ${host}: ${why}. The doctor needs the network to check the real provider.`
            : `no answer from ${host}: ${why}.`,
        },
      ],
      goOn: false,
    };
  }
  const reachable: Check = {
    check: 'reachable',
    status: 'ok',
    detail: `${host} answered HTTP ${outcome.exchange?.status}`,
  };
  if (outcome.ok) {
    return {
      checks: [reachable, { check: 'token', status: 'ok', detail: `accepted: ${account(outcome.value)}` }],
      goOn: true,
    };
  }
  const code = isAppError(outcome.error) ? outcome.error.code : 'UNEXPECTED';
  const refused = code === 'RECONNECT_REQUIRED';
  return {
    checks: [
      reachable,
      {
        check: 'token',
        status: 'fail',
        detail: refused
          ? `refused: ${messageOf(outcome.error)}`
          : `not confirmed (${code}): ${messageOf(outcome.error)}`,
      },
    ],
    goOn: false,
  };
};

/** Checks a raw upstream body against the fields the app reads from it. */
export const shapeCheck = (what: string, schema: z.ZodType, outcome: Outcome<unknown>): Check => {
  const check = `shape: ${what}`;
  if (!outcome.ok)
    return { check, status: 'fail', detail: `not checked, the call failed: ${messageOf(outcome.error)}` };
  const parsed = schema.safeParse(outcome.exchange?.body);
  if (parsed.success) return { check, status: 'ok', detail: 'has every field the app reads' };
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  return { check, status: 'fail', detail: `differs from what the app parses: ${problems.join('; ')}` };
};

export const scopesCheck = (
  requested: readonly string[],
  granted: readonly string[] | null,
  source: string,
): Check => {
  if (!granted) return { check: 'scopes', status: 'warn', detail: `unknown: ${source}` };
  const missing = requested.filter((scope) => !granted.includes(scope));
  const extra = granted.filter((scope) => !requested.includes(scope));
  const detail = `requested ${requested.join(', ')}; granted ${granted.join(', ') || 'none'} (${source})`;
  if (missing.length > 0) {
    return {
      check: 'scopes',
      status: 'fail',
      detail: `missing ${missing.join(', ')}: ${detail}. Reconnect after the OAuth app allows them.`,
    };
  }
  return {
    check: 'scopes',
    status: 'ok',
    detail: extra.length ? `${detail}; extra: ${extra.join(', ')}` : detail,
  };
};

/** Headroom from a remaining/limit header pair; warns under 10%. */
export const headroom = (label: string, remaining: string | null, limit: string | null): Check | null => {
  if (remaining === null || limit === null) return null;
  const left = Number(remaining);
  const total = Number(limit);
  return {
    check: 'rate limit',
    status: total > 0 && left / total < 0.1 ? 'warn' : 'ok',
    detail: `${label}: ${left} of ${total} left`,
  };
};

export const splitScopes = (value: string | null): string[] | null =>
  value === null
    ? null
    : value
        .split(/[\s,]+/)
        .map((scope) => scope.trim())
        .filter(Boolean);
