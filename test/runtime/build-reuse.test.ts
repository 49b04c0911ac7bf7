import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { buildInputsFingerprint } from '../../local/twenty/build/build-fingerprint.ts';
import { writeFixtureApp } from './fixtures/fixture-app.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
const fixture = () => {
  const root = writeFixtureApp();
  roots.push(root);
  return root;
};

/** The SDK's own build, counted: a reused build must not call it. */
const countedBuild = async () => {
  const { appBuild } = await import('twenty-sdk/cli');
  const calls: string[] = [];
  const sdkBuild: typeof appBuild = (args) => {
    calls.push(args.appPath);
    return appBuild(args);
  };
  return { sdkBuild, calls };
};

describe('build reuse', () => {
  it('reuses the output when no input changed, rebuilds when a source changes or a bundle is gone', async () => {
    const root = fixture();
    const { sdkBuild, calls } = await countedBuild();
    const progress: string[] = [];
    const onProgress = (message: string) => progress.push(message);

    const first = await buildApp(root, { sdkBuild, onProgress });
    const manifestPath = join(first.outputDir, 'manifest.json');
    const written = statSync(manifestPath).mtimeMs;

    const second = await buildApp(root, { sdkBuild, onProgress });
    // The output is the one the first build wrote: the build did not run again.
    expect(statSync(manifestPath).mtimeMs).toBe(written);
    expect(calls).toHaveLength(1);
    expect([first.reused, second.reused]).toEqual([false, true]);
    expect(second.manifest).toEqual(first.manifest);
    expect(progress).toContain('build reused (inputs unchanged)');

    // One source file changed: built again, and the change is in the output.
    const source = join(root, 'src', 'whoami.ts');
    writeFileSync(
      source,
      readFileSync(source, 'utf8').replace(/description: '[^']*'/, "description: 'changed'"),
    );
    const third = await buildApp(root, { sdkBuild });
    expect(calls).toHaveLength(2);
    expect(third.reused).toBe(false);
    expect(third.manifest.logicFunctions.map((fn) => fn.description)).toContain('changed');

    // A bundle deleted from the output: built again, and the bundle is back.
    const bundle = join(third.outputDir, third.manifest.logicFunctions[0]!.builtHandlerPath);
    rmSync(bundle);
    const fourth = await buildApp(root, { sdkBuild });
    expect(calls).toHaveLength(3);
    expect(fourth.reused).toBe(false);
    expect(statSync(bundle).isFile()).toBe(true);

    // Asked to build regardless.
    await buildApp(root, { sdkBuild, force: true });
    expect(calls).toHaveLength(4);
  }, 180_000);
});

describe('build inputs fingerprint', () => {
  it('changes with any source under the root, package files and tsconfigs; not with mtimes or skipped folders', () => {
    const root = fixture();
    const base = buildInputsFingerprint(root);
    const changes = (edit: () => void) => {
      const before = buildInputsFingerprint(root);
      edit();
      return buildInputsFingerprint(root) !== before;
    };
    // Fresh mtimes (a fresh clone) with the same content: the same fingerprint.
    utimesSync(join(root, 'src', 'role.ts'), new Date(), new Date(2030, 0, 1));
    expect(buildInputsFingerprint(root)).toBe(base);

    // The build picks up definitions anywhere under the root, not only src/.
    expect(
      changes(() => {
        mkdirSync(join(root, 'tools', 'deep'), { recursive: true });
        writeFileSync(join(root, 'tools', 'deep', 'extra.tsx'), 'export const x = 1;\n');
      }),
    ).toBe(true);
    expect(changes(() => writeFileSync(join(root, 'package-lock.json'), '{}\n'))).toBe(true);
    expect(changes(() => writeFileSync(join(root, 'tsconfig.dev.json'), '{}\n'))).toBe(true);
    expect(changes(() => writeFileSync(join(root, 'README.md'), '# Fixture\n'))).toBe(true);
    // Read by the typecheck or the bundler when imported.
    expect(changes(() => writeFileSync(join(root, 'src', 'types.d.ts'), 'declare const y: number;\n'))).toBe(
      true,
    );
    expect(changes(() => writeFileSync(join(root, 'src', 'data.json'), '{}\n'))).toBe(true);

    // Folders and files the SDK's glob skips.
    expect(
      changes(() => {
        mkdirSync(join(root, '.data'), { recursive: true });
        writeFileSync(join(root, '.data', 'x.ts'), 'export const x = 1;\n');
        mkdirSync(join(root, 'dist'), { recursive: true });
        writeFileSync(join(root, 'dist', 'x.ts'), 'export const x = 1;\n');
        writeFileSync(join(root, 'src', 'notes.txt'), 'not read by the build\n');
      }),
    ).toBe(false);
  });
});
