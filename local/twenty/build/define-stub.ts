/**
 * The `twenty-sdk/define` stub the SDK bundles into each logic function instead of the real module (zod,
 * twenty-shared: ~1 MB; at run time only `default.config.handler` is read). Reproduced from twenty-sdk 2.43's
 * CLI build (`dist/login-*.mjs`, the `twenty-sdk-define-stub` plugin): the same text, export order and plugin
 * names, so the fast bundles are byte-identical to the SDK's (`test/runtime/fast-build.test.ts` checks it).
 */
import type { Plugin } from 'esbuild';

const HEADER = `
// Auto-generated stub for twenty-sdk/define injected by the SDK CLI build.
// Real implementations would pull in zod, twenty-shared and ~1MB of code; at
// runtime only \`default.config.handler\` is consumed, so tiny no-ops suffice.
const __defineFactoryStub = (config) => ({
  success: true,
  config,
  errors: [],
});

const __anyHandler = {
  get(_target, prop) {
    if (prop === '__esModule') return true;
    if (prop === Symbol.toPrimitive) return () => '';
    if (typeof prop === 'symbol') return undefined;
    return new Proxy(() => undefined, __anyHandler);
  },
  apply() {
    return new Proxy(() => undefined, __anyHandler);
  },
};
const __anyStub = new Proxy(() => undefined, __anyHandler);
`;

const isFactory = (name: string) => /^define[A-Z]/.test(name) || name === 'createValidationResult';
const isPrimitive = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const isPlainData = (value: unknown) =>
  isPrimitive(value) ||
  (typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(isPrimitive));

/** The stub's source for the exports of `twenty-sdk/define`: factories, then plain data (enums), then the rest. */
export const defineStubSource = (define: Record<string, unknown>): string => {
  const factories: string[] = [];
  const plainData: string[] = [];
  const any: string[] = [];
  for (const name of Object.keys(define).sort()) {
    if (isFactory(name)) factories.push(`export const ${name} = __defineFactoryStub;`);
    else if (isPlainData(define[name]))
      plainData.push(`export const ${name} = ${JSON.stringify(define[name])};`);
    else any.push(`export const ${name} = __anyStub;`);
  }
  return `${HEADER}\n${[...factories, ...plainData, ...any].join('\n')}\n`;
};

/** Resolves `twenty-sdk/define` to the stub, under the SDK's plugin, path and namespace names. */
export const defineStubPlugin = (source: string): Plugin => ({
  name: 'twenty-sdk-define-stub',
  setup(build) {
    build.onResolve({ filter: /^twenty-sdk\/define$/ }, () => ({
      path: '__twenty-sdk-define-stub__',
      namespace: 'twenty-sdk-define-stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'twenty-sdk-define-stub' }, () => ({
      contents: source,
      loader: 'js',
    }));
  },
});
