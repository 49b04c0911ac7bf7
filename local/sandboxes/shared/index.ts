/**
 * Building blocks shared by the sandbox providers (Linear, GitHub, Slack):
 * - `OAuthServer`: client registry, single-use authorization codes (10 min, bound to client and redirect
 *   URI, PKCE plain/S256), access/refresh tokens with expiry, rotation and revocation, JSON export/import.
 * - `createConsentFlow`: the authorize endpoint (consent page GET, decision POST, redirects, error pages).
 * - `readBody`, `readBearer`, `readBasicAuth`, `jsonResponse`, `networkError`: request/response helpers.
 * - `CallRecorder`, `maskSecrets`, `maskUrl`: call log with secrets masked as `xxxx…last4`.
 * - `FailureQueue`: failures queued by `Sandbox.failNext`.
 * - `randomHex`, `randomAlphanumeric`, `randomDigits`, `maskSecret`: provider-looking token strings.
 * - `readConsentForm`, `submitConsent`: read a consent page / click Approve or Cancel, for tests and scripts.
 */

export { submitConsent } from './consent-driver.ts';
export { type ConsentFlowOptions, createConsentFlow, type ParsedAuthorizeParams } from './consent-flow.ts';
export { type ConsentForm, readConsentForm } from './consent-form.ts';
export {
  type ConsentAccount,
  escapeHtml,
  htmlResponse,
  renderConsentPage,
  renderErrorPage,
} from './consent-page.ts';
export { FailureQueue } from './failure-queue.ts';
export { AUTHORIZATION_CODE_TTL_MS, exactRedirectMatch, OAuthServer } from './oauth-server.ts';
export type {
  IssuedTokens,
  OAuthGrant,
  OAuthServerState,
  RedeemError,
  RedirectMatcher,
  RegisteredClient,
  TokenLookup,
  TokenPolicy,
  TokenRecord,
} from './oauth-types.ts';
export { type PkceMethod, parsePkceMethod, s256Challenge, verifyPkce } from './pkce.ts';
export { CallRecorder, maskSecrets, maskTokensInText, maskUrl, SECRET_FIELD_NAMES } from './recorder.ts';
export {
  type BodyKind,
  jsonResponse,
  mediaType,
  networkError,
  type ParsedBody,
  readBasicAuth,
  readBearer,
  readBody,
  stringField,
} from './request.ts';
export { maskSecret, randomAlphanumeric, randomDigits, randomHex, secretsEqual } from './tokens.ts';
