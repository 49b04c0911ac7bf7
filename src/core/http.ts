import { reportConnectionAuthFailure } from 'twenty-sdk/logic-function';
import { AppError, type AppErrorCode } from './app-error';
import { describeConnection, SETTINGS } from './identity';
import { log, remainingMs } from './run';
import type { Session } from './session';

export type UpstreamRequest = {
  /** What we were doing, for messages: "create issue". */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Safe to send again after an ambiguous failure (timeout, 5xx): reads, and writes carrying a
   * client-generated id (Linear). Rate-limit answers are always safe to retry: nothing was applied.
   */
  idempotent: boolean;
};

/** A provider's verdict on one answer; `null` means success. Each provider folder writes its own. */
export type Failure = { code: AppErrorCode; message: string; fields?: string[]; retryAt?: Date };
export type Classifier = (response: Response, body: unknown) => Failure | null;
export type UpstreamAnswer = { response: Response; body: unknown };

const ATTEMPTS = 3;
const ATTEMPT_TIMEOUT_MS = 10_000;

/** Every provider answers JSON, except gateways in trouble: their HTML is of no use to us. */
const readBody = (response: Response): Promise<unknown> => response.json().catch(() => null);

/**
 * Sends one upstream request with the session's token, within the run's time budget:
 * - rate limited → waits and retries when the wait fits the budget, else `RATE_LIMITED` with `retryAt`;
 * - 5xx, timeout, network → retried only when `idempotent`; a failed write says it may have been applied;
 * - credentials rejected → `reportConnectionAuthFailure`, then `RECONNECT_REQUIRED` naming the account;
 * - anything else the classifier says → that `AppError`.
 */
export const send = async (session: Session, request: UpstreamRequest, classify: Classifier) => {
  const name = session.provider.displayName;
  let failure: Failure = { code: 'UPSTREAM_UNAVAILABLE', message: `Ran out of time calling ${name}.` };
  for (let attempt = 1; attempt <= ATTEMPTS && remainingMs(session.run) > 0; attempt++) {
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: { ...request.headers, authorization: `Bearer ${session.connection.accessToken}` },
        body: request.body,
        signal: AbortSignal.timeout(Math.min(ATTEMPT_TIMEOUT_MS, remainingMs(session.run))),
      });
      const answer: UpstreamAnswer = { response, body: await readBody(response) };
      // 304 answers a conditional request the caller made (If-None-Match): "not modified", no body,
      // headers such as ETag kept (RFC 9110 §15.4.5). A success for every provider, whatever it classifies.
      const verdict = response.status === 304 ? null : classify(response, answer.body);
      if (!verdict) return answer;
      failure = verdict;
    } catch {
      failure = {
        code: 'UPSTREAM_UNAVAILABLE',
        message: `${name} did not answer (timeout or network error).`,
      };
    }
    if (failure.code === 'RECONNECT_REQUIRED') return rejectCredentials(session, failure);
    const retryable =
      failure.code === 'RATE_LIMITED' || (failure.code === 'UPSTREAM_UNAVAILABLE' && request.idempotent);
    const wait = failure.retryAt ? failure.retryAt.getTime() - Date.now() : 500 * 2 ** attempt;
    // Only wait when a whole attempt still fits in the budget afterwards.
    if (!retryable || attempt === ATTEMPTS || wait + 1_000 > remainingMs(session.run)) break;
    log('info', 'retrying', {
      provider: session.provider.name,
      operation: request.operation,
      code: failure.code,
      wait,
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  if (failure.code === 'RATE_LIMITED') {
    const retryAt = failure.retryAt ?? new Date(Date.now() + 60_000);
    throw new AppError(
      'RATE_LIMITED',
      `${name} is rate limiting this connection. Try again at ${retryAt.toISOString()}.`,
      {
        retryAt,
      },
    );
  }
  if (failure.code === 'UPSTREAM_UNAVAILABLE' && !request.idempotent) {
    throw new AppError(
      failure.code,
      `${failure.message} The request to ${request.operation} may have been applied: check ${name} before trying again.`,
      { maybeApplied: true },
    );
  }
  throw new AppError(failure.code, failure.message, failure);
};

const rejectCredentials = async (session: Session, failure: Failure): Promise<never> => {
  const { connection, provider } = session;
  try {
    await reportConnectionAuthFailure({ connectionId: connection.id, reason: failure.message });
  } catch (error) {
    log('warn', 'could not report the auth failure', { connectionId: connection.id, error: String(error) });
  }
  throw new AppError(
    'RECONNECT_REQUIRED',
    `${provider.displayName} rejected the connection ${describeConnection(session.label)}: ${failure.message} Reconnect it in ${SETTINGS}.`,
  );
};
