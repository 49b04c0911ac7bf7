/** What went wrong, as the caller (a member, the AI, an HTTP client, a queue) needs to act on it. */
export type AppErrorCode =
  /** Input failed validation, ours or the provider's (GitHub 422, Slack `channel_not_found`, ...). */
  | 'INVALID_INPUT'
  /** The server admin has not filled the provider's client id/secret. */
  | 'NOT_CONFIGURED'
  /** No connection the caller may use exists. */
  | 'NOT_CONNECTED'
  /** The provider rejected the connection's credentials, or Twenty already marked it failed. */
  | 'RECONNECT_REQUIRED'
  /** The provider asked us to slow down; `retryAt` says when to try again. */
  | 'RATE_LIMITED'
  /** The connection is valid but lacks a permission (scope, repo access, private channel). */
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  /** A create was answered "already exists": used for client-generated ids (Linear). */
  | 'ALREADY_EXISTS'
  /** 5xx, timeout or network failure: the provider may come back. */
  | 'UPSTREAM_UNAVAILABLE'
  /** Any other provider answer we could not use. */
  | 'UPSTREAM_ERROR';

export type AppErrorDetails = {
  /** Input fields at fault, by name (`title`, `channel`). */
  fields?: string[];
  /** When a rate-limited call may be tried again. */
  retryAt?: Date;
  /** For writes: whether the provider may have applied the change despite the failure. */
  maybeApplied?: boolean;
  /** Upstream HTTP status, when there was one. */
  status?: number;
};

/**
 * The one error type the app throws inside; function boundaries turn it into what Twenty shows.
 * Messages are written for the person or AI reading them and never contain tokens or secrets.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly fields?: string[];
  readonly retryAt?: Date;
  readonly maybeApplied?: boolean;
  readonly status?: number;

  constructor(code: AppErrorCode, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.code = code;
    this.fields = details.fields;
    this.retryAt = details.retryAt;
    this.maybeApplied = details.maybeApplied;
    this.status = details.status;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
