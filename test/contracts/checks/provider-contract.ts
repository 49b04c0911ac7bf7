/**
 * One provider's request contract for the test harness: which requests to it are API calls the app makes, and
 * the check those must pass (it throws an Error naming every problem). Each provider's lives in
 * `test/contracts/checks/<name>.contract.ts`; `test/support/upstream-contracts.ts` finds them through the app's
 * list of providers.
 */
export type ProviderContract = {
  /** The request is one of this provider's API calls (OAuth endpoints are the server's job, not the app's). */
  handles(url: URL): boolean;
  check(request: { method: string; url: URL; body: string | undefined }): void;
};
