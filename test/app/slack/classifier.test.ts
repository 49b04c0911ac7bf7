import { describe, expect, it } from 'vitest';
import { classifySlack } from '../../../src/providers/slack/slack.errors.ts';

/**
 * Every branch of the Slack failure classifier, straight from Slack's documented answers: rate limits are HTTP
 * 429 with `Retry-After` (https://docs.slack.dev/apis/web-api/rate-limits), everything else is HTTP 200 with
 * `ok: false` and an `error` string (https://docs.slack.dev/reference/methods/chat.postMessage, "Errors").
 */
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  classifySlack(new Response(null, { status, headers }), body);

describe('classifySlack', () => {
  it('reads a 429 with Retry-After, and a 200 "ratelimited", as RATE_LIMITED with the time to retry', () => {
    const before = Date.now();
    const limited = answer(429, {}, { 'retry-after': '7' });
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    const wait = limited!.retryAt!.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(7000);
    expect(wait).toBeLessThan(8000);
    const inBody = answer(200, { ok: false, error: 'ratelimited' });
    expect(inBody).toMatchObject({ code: 'RATE_LIMITED' });
    expect(inBody!.retryAt!.getTime() - before).toBeGreaterThanOrEqual(30_000);
  });

  it('reads HTTP 500 and up, and internal_error / fatal_error, as UPSTREAM_UNAVAILABLE (worth a retry)', () => {
    expect(answer(500, {})).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Slack answered HTTP 500.',
    });
    expect(answer(503, null)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(answer(499, { ok: false, error: 'x' })).toMatchObject({ code: 'UPSTREAM_ERROR' });
    for (const error of ['internal_error', 'fatal_error']) {
      expect(answer(200, { ok: false, error })).toEqual({
        code: 'UPSTREAM_UNAVAILABLE',
        message: `Slack answered "${error}".`,
      });
    }
  });

  it('passes an ok answer', () => {
    expect(answer(200, { ok: true })).toBeNull();
  });

  it('asks to reconnect on token errors', () => {
    for (const error of [
      'invalid_auth',
      'not_authed',
      'token_revoked',
      'token_expired',
      'account_inactive',
    ]) {
      expect(answer(200, { ok: false, error })).toMatchObject({ code: 'RECONNECT_REQUIRED' });
    }
  });

  it('names the field at fault for channel and text errors', () => {
    for (const error of ['channel_not_found', 'not_in_channel', 'is_archived']) {
      const outcome = answer(200, { ok: false, error });
      expect(outcome).toMatchObject({ code: 'INVALID_INPUT', fields: ['channel'] });
      expect(outcome!.message).not.toBe('');
    }
    expect(answer(200, { ok: false, error: 'not_in_channel' })!.message).toContain('/invite');
    for (const error of ['msg_too_long', 'no_text']) {
      expect(answer(200, { ok: false, error })).toEqual({
        code: 'INVALID_INPUT',
        message: `Slack rejected the text (${error}).`,
        fields: ['text'],
      });
    }
  });

  it('says which scope is missing', () => {
    expect(answer(200, { ok: false, error: 'missing_scope', needed: 'chat:write' })).toEqual({
      code: 'FORBIDDEN',
      message: 'The Slack app lacks the chat:write scope: reconnect after the admin adds it.',
    });
  });

  it('reports any other error by name', () => {
    expect(answer(200, { ok: false, error: 'invalid_blocks' })).toEqual({
      code: 'UPSTREAM_ERROR',
      message: 'Slack answered "invalid_blocks".',
    });
    expect(answer(200, { ok: false })).toEqual({
      code: 'UPSTREAM_ERROR',
      message: 'Slack answered "HTTP 200".',
    });
  });
});
