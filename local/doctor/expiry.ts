import type { Check } from './probe-kit.ts';
import type { ConnectionFacts } from './runtime-records.ts';

const inWords = (ms: number): string => {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 72 ? `${hours} h` : `${Math.round(hours / 24)} days`;
};

/**
 * Expiry and refresh, from the connection's facts before and after the doctor read it through `/metadata`
 * (the runtime refreshes a token that expires within a minute on that read: docs/local-runtime.md).
 */
export const expiryCheck = (
  before: ConnectionFacts | undefined,
  after: ConnectionFacts,
  now = Date.now(),
): Check => {
  const check = 'expiry';
  if (after.authFailedAt && !before?.authFailedAt) {
    // The app's own code marked it during this check, after the refusal reported above.
    return { check, status: 'warn', detail: 'marked for reconnecting just now, after the refusal above' };
  }
  if (after.authFailedAt) {
    return {
      check,
      status: 'fail',
      detail: `marked for reconnecting since ${after.authFailedAt} (${after.authFailedReason ?? 'credentials refused'}): the app skips it until the member reconnects`,
    };
  }
  const refreshed =
    before?.expiresAt !== after.expiresAt && before !== undefined ? 'refreshed during this check; ' : '';
  if (!after.expiresAt) {
    return after.hasRefreshToken
      ? {
          check,
          status: 'ok',
          detail: `${refreshed}no expiry given by the provider; refresh token present: the runtime refreshes it an hour after the last refresh, as Twenty does`,
        }
      : { check, status: 'ok', detail: 'does not expire (no expiry, no refresh token)' };
  }
  const left = Date.parse(after.expiresAt) - now;
  if (left <= 0) {
    return {
      check,
      status: 'fail',
      detail: after.hasRefreshToken
        ? `expired at ${after.expiresAt} and the refresh did not happen: the next call retries it; if it keeps failing, reconnect`
        : `expired at ${after.expiresAt} and there is no refresh token: the member must reconnect`,
    };
  }
  return after.hasRefreshToken
    ? {
        check,
        status: 'ok',
        detail: `${refreshed}expires at ${after.expiresAt} (in ${inWords(left)}); refresh token present: refreshed a minute before`,
      }
    : {
        check,
        status: 'warn',
        detail: `expires at ${after.expiresAt} (in ${inWords(left)}) and there is no refresh token: the member must reconnect then`,
      };
};
