import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // `expectTypeOf` asserts nothing at run time: type-level tests live in `*.test-d.ts` files, which this
    // mode hands to `tsc` so that `npm test` fails (and reports each test) when a type assertion is wrong.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.dev.json',
    },
  },
});
