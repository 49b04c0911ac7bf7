import type { Classifier } from '../../core/http';

type SlackAnswer = { ok?: boolean; error?: string; needed?: string };

const RECONNECT = ['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive'];
const CHANNEL_HINTS: Record<string, string> = {
  channel_not_found: 'Slack has no such channel, or it is private and the app is not in it.',
  not_in_channel: 'The app is not in that channel: invite it there (/invite @app) first.',
  is_archived: 'That channel is archived.',
};

/** Slack answers almost everything with HTTP 200 and `ok:false`; only rate limits are HTTP 429 + Retry-After. */
export const classifySlack: Classifier = (response, body) => {
  const answer = (body ?? {}) as SlackAnswer;
  if (response.status === 429 || answer.error === 'ratelimited') {
    const seconds = Number(response.headers.get('retry-after')) || 30;
    return {
      code: 'RATE_LIMITED',
      message: 'Slack rate limit reached.',
      retryAt: new Date(Date.now() + seconds * 1000),
    };
  }
  if (response.status >= 500)
    return { code: 'UPSTREAM_UNAVAILABLE', message: `Slack answered HTTP ${response.status}.` };
  if (answer.ok) return null;
  const error = answer.error ?? `HTTP ${response.status}`;
  if (RECONNECT.includes(error)) return { code: 'RECONNECT_REQUIRED', message: `Slack answered "${error}".` };
  if (CHANNEL_HINTS[error])
    return { code: 'INVALID_INPUT', message: CHANNEL_HINTS[error], fields: ['channel'] };
  if (error === 'msg_too_long' || error === 'no_text') {
    return { code: 'INVALID_INPUT', message: `Slack rejected the text (${error}).`, fields: ['text'] };
  }
  if (error === 'missing_scope') {
    return {
      code: 'FORBIDDEN',
      message: `The Slack app lacks the ${answer.needed} scope: reconnect after the admin adds it.`,
    };
  }
  if (error === 'internal_error' || error === 'fatal_error') {
    return { code: 'UPSTREAM_UNAVAILABLE', message: `Slack answered "${error}".` };
  }
  return { code: 'UPSTREAM_ERROR', message: `Slack answered "${error}".` };
};
