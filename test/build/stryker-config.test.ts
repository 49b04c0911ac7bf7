import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type StrykerConfigModule = {
  default: { mutate?: string[] };
  lines: (file: string, start: RegExp, end?: RegExp, options?: { skip?: RegExp }) => string;
};
// A JavaScript config with no type declarations: loaded by a path TypeScript does not resolve.
const configPath = '../../stryker.config.mjs';
const { default: config, lines } = (await import(configPath)) as StrykerConfigModule;

/**
 * Mutation testing (`npm run mutation`, not run in CI) targets parts of some runtime files by line range. The
 * ranges are found from the code's text when the config loads, so this loads it in every CI run: a region whose
 * anchor was renamed or removed fails here, instead of mutation testing quietly covering other lines.
 */
describe('stryker.config.mjs', () => {
  it('finds every line-range region it mutates, each starting at the code it names', () => {
    const ranged = (config.mutate ?? []).filter((entry) => /:\d+-\d+$/.test(entry));
    expect(ranged.length).toBeGreaterThanOrEqual(7);
    for (const entry of ranged) {
      const [, file, first, last] = entry.match(/^(.+):(\d+)-(\d+)$/)!;
      const text = readFileSync(file!, 'utf8').split('\n');
      expect(Number(first), entry).toBeLessThanOrEqual(Number(last));
      expect(Number(last), entry).toBeLessThanOrEqual(text.length);
      expect(text[Number(first) - 1]!.trim(), entry).not.toBe('');
    }
  });

  it('refuses an anchor that matches no line', () => {
    expect(() => lines('local/twenty/runtime-context.ts', /^export const noSuchThing/)).toThrow(
      /no line of local\/twenty\/runtime-context.ts matches/,
    );
    expect(lines('local/twenty/runtime-context.ts', /^export const redact/)).toMatch(
      /^local\/twenty\/runtime-context.ts:(\d+)-\1$/,
    );
  });
});
