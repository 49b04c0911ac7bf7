/**
 * Which way imports may point (dependency-cruiser). `test/build/dependency-rules.test.ts` runs these rules
 * over `src/` and `local/` and fails listing every violation.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module must not reach itself through its imports: the layers would no longer stack.',
      from: { path: '^(src|local)/' },
      to: { circular: true },
    },
    {
      name: 'app-never-imports-local-code',
      severity: 'error',
      comment: 'src/ ships to Twenty; local/, test/ and scripts/ never do.',
      from: { path: '^src/' },
      to: { path: '^(local|test|scripts)/' },
    },
    {
      name: 'sandboxes-never-import-the-app',
      severity: 'error',
      comment: "Sandboxes are written from the providers' documents, so they cannot share the app's reading.",
      from: { path: '^local/sandboxes/' },
      to: { path: '^src/' },
    },
    {
      name: 'mcp-consent-is-the-runtimes-own',
      severity: 'error',
      comment: "The MCP door renders its own consent page; sandboxes stand in for providers' screens.",
      from: { path: '^local/mcp/' },
      to: { path: '^local/sandboxes/' },
    },
    {
      name: 'mcp-door-beside-twenty-http',
      severity: 'error',
      comment: 'local/twenty/http routes to the MCP door; the door does not reach back into it.',
      from: { path: '^local/mcp/' },
      to: { path: '^local/twenty/http/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^local/console/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.dev.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
