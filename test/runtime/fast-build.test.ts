import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import {
  type BundleInputs,
  fastBundles,
  loadDefineStub,
  withChecksums,
} from '../../local/twenty/build/fast-build.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const BUILD_TIMEOUT_MS = 170_000;

/** Where two files first differ, with some text around it (a bundle is too long to print whole). */
const firstDifference = (fast: Buffer, sdk: Buffer) => {
  let at = 0;
  while (at < fast.length && at < sdk.length && fast[at] === sdk[at]) at++;
  if (at === fast.length && at === sdk.length) return null;
  const around = (file: Buffer) => file.subarray(Math.max(0, at - 120), at + 120).toString('utf8');
  return { at, fast: around(fast), sdk: around(sdk) };
};

describe('the dev loop fast rebuild', () => {
  it(
    "writes, for every function of the app, the very bytes of the SDK's bundle and source map (guards SDK upgrades)",
    async () => {
      const built = await buildApp(PROJECT_ROOT);
      const defineStub = await loadDefineStub();
      let inputs: BundleInputs = new Map();
      const files = await fastBundles({
        appPath: PROJECT_ROOT,
        manifest: built.manifest,
        defineStub,
        onInputs: (learnt) => {
          inputs = learnt;
        },
      });
      const expected = built.manifest.logicFunctions.flatMap((fn) => [
        fn.builtHandlerPath,
        `${fn.builtHandlerPath}.map`,
      ]);
      expect(files.map((file) => file.path).sort()).toEqual([...new Set(expected)].sort());
      for (const file of files) {
        const sdk = readFileSync(join(built.outputDir, file.path));
        expect(firstDifference(Buffer.from(file.contents), sdk), file.path).toBeNull();
      }
      // The checksums the SDK records in the manifest (MD5 of each bundle) come out the same.
      const manifest = withChecksums(built.manifest, files);
      for (const fn of built.manifest.logicFunctions) {
        expect(fn.builtHandlerChecksum).toBe(
          createHash('md5')
            .update(readFileSync(join(built.outputDir, fn.builtHandlerPath)))
            .digest('hex'),
        );
      }
      expect(manifest.logicFunctions.map((fn) => fn.builtHandlerChecksum)).toEqual(
        built.manifest.logicFunctions.map((fn) => fn.builtHandlerChecksum),
      );

      // The watch-start pass learns the same inputs without keeping any output (an idle runtime holds none).
      let learntOnly: BundleInputs = new Map();
      const none = await fastBundles({
        appPath: PROJECT_ROOT,
        manifest: built.manifest,
        defineStub,
        inputsOnly: true,
        onInputs: (learnt) => {
          learntOnly = learnt;
        },
      });
      expect(none).toEqual([]);
      expect(learntOnly).toEqual(inputs);

      // A save of one function's file rebuilds that bundle alone, to the same bytes.
      const fn = built.manifest.logicFunctions.at(-1)!;
      const alone = await fastBundles({
        appPath: PROJECT_ROOT,
        manifest: built.manifest,
        defineStub,
        changed: { files: [join(PROJECT_ROOT, fn.sourceHandlerPath!)], inputs },
      });
      expect(alone.map((file) => file.path).sort()).toEqual([
        fn.builtHandlerPath,
        `${fn.builtHandlerPath}.map`,
      ]);
      for (const file of alone) {
        const sdk = readFileSync(join(built.outputDir, file.path));
        expect(firstDifference(Buffer.from(file.contents), sdk), file.path).toBeNull();
      }
    },
    BUILD_TIMEOUT_MS,
  );
});
