/**
 * `npm run build`: builds the app exactly as `twenty dev:build` does (manifest, one esbuild bundle per
 * logic function under `.twenty/output`, typecheck), offline, through the same `buildApp` the local runtime
 * uses (`appBuild` from `twenty-sdk/cli` with HOME pointed at a throwaway directory, builds serialised).
 */
import { resolve } from 'node:path';
import { buildApp as buildAppAt } from '../local/twenty/build/build-app.ts';

/** The project root: the Twenty app lives at the top of this repository. */
export const projectRoot = resolve(import.meta.dirname, '..');

/** Builds the project's app; throws with the CLI's error code and message when the build fails. */
export const buildApp = ({
  onProgress = (message: string) => console.log(`  ${message}`),
  force = false,
}: {
  onProgress?: (message: string) => void;
  force?: boolean;
} = {}) => buildAppAt(projectRoot, { onProgress, force });

const main = async (): Promise<void> => {
  console.log(`Building the Twenty app in ${projectRoot}`);
  const started = performance.now();
  try {
    // `npm run build` always builds and typechecks, as `twenty dev:build` does: no reuse of an earlier output.
    const { outputDir, manifest } = await buildApp({ force: true });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Built ${manifest.logicFunctions.length} logic functions in ${seconds} s`);
    console.log(`Output: ${outputDir}`);
  } catch (error) {
    console.error(`Build failed\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
