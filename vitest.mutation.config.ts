import { defineConfig } from 'vitest/config';

/**
 * The tests mutation testing (`npm run mutation`, stryker.config.mjs) runs against mutants: the app's
 * function tests (fast, in-process) and the runtime suites that guard the security-relevant modules. The
 * browser, build, sandbox-contract and slow end-to-end suites cover none of the mutated code in this process
 * (the app runs there as built bundles in workers), so they are left out. No type-level tests either: a
 * mutant that does not compile is the TypeScript checker's to reject.
 */
const config = defineConfig({
  test: {
    include: [
      'test/app/**/*.test.ts',
      'test/runtime/csrf.test.ts',
      'test/runtime/front-door.test.ts',
      'test/runtime/metadata-filter.test.ts',
      'test/runtime/run-redaction.test.ts',
      'test/runtime/run-record-redaction-unit.test.ts',
      'test/runtime/refresh-non-rotating.test.ts',
      'test/runtime/security.test.ts',
      'test/runtime/refresh-and-disconnect.test.ts',
      'test/runtime/mcp-oauth.test.ts',
      'test/runtime/mcp-access.test.ts',
      'test/runtime/storage.test.ts',
      'test/runtime/token-response-normaliser.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    typecheck: { enabled: false },
  },
});

export default config;
