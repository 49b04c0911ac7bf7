import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

type Violation = { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] };

/** The rule violations in `roots` (paths relative to `baseDir`), one readable line each. */
const violations = async (roots: string[], baseDir?: string): Promise<string[]> => {
  const { output } = await cruise(roots, {
    ...config.options,
    ...(baseDir ? { baseDir, tsConfig: undefined } : {}),
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    outputType: 'json',
  });
  const result = typeof output === 'string' ? JSON.parse(output) : output;
  if (!baseDir) expect(result.summary.totalCruised).toBeGreaterThan(100);
  return (result.summary.violations as Violation[]).map(
    (violation) =>
      `${violation.rule.name}: ${violation.from} → ${violation.to}${
        violation.cycle ? ` (cycle: ${violation.cycle.map((step) => step.name).join(' → ')})` : ''
      }`,
  );
};

describe('import rules (.dependency-cruiser.cjs)', () => {
  it('hold for src/ and local/: no cycles, src/ imports no local code, sandboxes no src/, the MCP door stands alone', async () => {
    expect(await violations(['src', 'local'])).toEqual([]);
  });

  it('name each kind of violation, so the test above can fail', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
    const files: Record<string, string> = {
      'src/app.ts': "import { x } from '../local/runtime.ts';\nexport const app = x;\n",
      'local/runtime.ts': 'export const x = 1;\n',
      'local/sandboxes/fake.ts': "import { app } from '../../src/app.ts';\nexport const fake = app;\n",
      'local/mcp/door.ts':
        "import { page } from '../sandboxes/page.ts';\nimport { y } from '../twenty/http/app.ts';\nexport const door = page + y;\n",
      'local/sandboxes/page.ts': "export const page = 'p';\n",
      'local/twenty/http/app.ts':
        "import { door } from '../../mcp/door.ts';\nexport const y = 2;\nexport const z = door;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    try {
      const found = (await violations(['src', 'local'], root)).map((line) => line.split(':')[0]);
      expect(new Set(found)).toEqual(
        new Set([
          'no-circular',
          'app-never-imports-local-code',
          'sandboxes-never-import-the-app',
          'mcp-consent-is-the-runtimes-own',
          'mcp-door-beside-twenty-http',
        ]),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
