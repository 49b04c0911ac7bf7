import { createRequire } from 'node:module';

/**
 * `graphql` loaded the way graphql-jit loads it (CommonJS). A bundler or test runner that resolves
 * `import 'graphql'` to the package's ESM build would otherwise give the schema and graphql-jit two copies of
 * the library, and graphql-js refuses a schema from "another realm".
 */
export const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
