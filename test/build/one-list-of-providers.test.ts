/**
 * "Which providers exist" is written once: `src/providers/index.ts` for the app and `local/sandboxes/index.ts`
 * for the runtime's fake providers. Everything else derives from those lists, so a new provider adds its own
 * folders and edits only the files docs/adding-a-provider.md names. These checks keep that doc true.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSandboxes } from '../../local/sandboxes/index.ts';
import { PROVIDERS } from '../../src/providers/index.ts';

const root = join(import.meta.dirname, '..', '..');
/** Where a restated provider set would hide: the app, the runtime (console included), scripts, test harness. */
const SCANNED = ['application.config.ts', 'src', 'local', 'scripts', 'test/support', 'test/build'];
/** The only files allowed to name every provider: the two lists. */
const LISTS = ['src/providers/index.ts', 'local/sandboxes/index.ts'];
const GUIDE = 'docs/adding-a-provider.md';

const filesUnder = (path: string): string[] => {
  const absolute = join(root, path);
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .map((file) => join(path, file))
    .filter((file) => /\.(ts|mts|js|mjs|cjs)$/.test(file) && statSync(join(root, file)).isFile());
};

/** Code without comments: prose may say "Linear, GitHub and Slack" in a comment; code and messages may not. */
const codeOf = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

/** A provider's own places, which a new provider adds rather than edits. */
const ownPlace = (file: string, name: string): boolean =>
  [
    `src/providers/${name}/`,
    `src/functions/${name}/`,
    `src/functions/connections/${name}-`,
    `local/sandboxes/${name}/`,
    `local/doctor/probes/${name}.`,
    `test/app/${name}/`,
  ].some((prefix) => file.startsWith(prefix));

const namesProvider = (code: string, name: string): boolean => new RegExp(`\\b${name}\\b`, 'i').test(code);

/** The numbered list of backticked paths under the guide's "Existing files you edit" heading. */
const editedFilesInGuide = (): string[] => {
  const text = readFileSync(join(root, GUIDE), 'utf8');
  const section = text.split(/^## /m).find((part) => part.startsWith('Existing files you edit')) ?? '';
  return [...section.matchAll(/^\d+\. `([^`]+)`/gm)].map((match) => match[1]!);
};

describe('one list of providers', () => {
  it('names every provider only in the two lists, nowhere else in the app, runtime, scripts or harness', () => {
    const restating = SCANNED.flatMap(filesUnder)
      .map((file) => relative(root, join(root, file)))
      .filter((file) => !LISTS.includes(file))
      .filter((file) => {
        const code = codeOf(readFileSync(join(root, file), 'utf8'));
        return PROVIDERS.every((p) => ownPlace(file, p.name) || namesProvider(code, p.name));
      });
    expect(restating).toEqual([]);
  });

  it("gives each listed provider its spec's ids, unique across providers", () => {
    const ids = PROVIDERS.flatMap((p) => Object.values(p.ids));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('finds each provider’s parts where the guide says they are', () => {
    for (const { name } of PROVIDERS) {
      for (const file of [
        `src/providers/${name}/${name}.provider.ts`,
        `src/providers/${name}/${name}.connection-provider.ts`,
        `src/functions/connections/${name}-on-connect.ts`,
        `src/functions/connections/${name}-on-disconnect.ts`,
        `test/app/${name}/expected-triggers.ts`,
        `docs/providers/${name}.md`,
      ]) {
        expect(existsSync(join(root, file)), file).toBe(true);
      }
    }
  });

  it('keys every sandbox by the name of a provider the app lists', () => {
    const names = PROVIDERS.map((p) => p.name as string);
    for (const [key, sandbox] of Object.entries(createSandboxes())) {
      expect(names, `sandbox "${key}"`).toContain(key);
      expect(sandbox.provider).toBe(key);
    }
  });

  it(`keeps ${GUIDE} true: at most three existing files to edit, the two lists among them`, () => {
    const edited = editedFilesInGuide();
    expect(edited.length).toBeGreaterThan(0);
    expect(edited.length).toBeLessThanOrEqual(3);
    for (const file of edited) expect(existsSync(join(root, file)), file).toBe(true);
    for (const list of LISTS) expect(edited).toContain(list);
  });
});
