/**
 * Writes `vendor/contracts/github/openapi-subset.json`: the few GitHub REST operations this project calls,
 * cut out of GitHub's full OpenAPI description (13 MB, too big to vendor) with every `$ref` resolved.
 *
 * Run by hand when the upstream description changes, never in CI:
 *   npx tsx scripts/vendor-github-subset.ts ../shared/contracts/github/api.github.com.json
 * It also copies LICENSE and writes SOURCE.txt (the upstream provenance plus how the subset was made).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The operations the app and the sandboxes use, as `[method, path template]`. */
export const githubOperations: ReadonlyArray<readonly [string, string]> = [
  ['get', '/user'],
  ['get', '/user/repos'],
  ['get', '/search/issues'],
  ['post', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['get', '/repos/{owner}/{repo}'],
  ['delete', '/applications/{client_id}/token'],
  ['delete', '/applications/{client_id}/grant'],
  ['get', '/user/installations'],
  ['get', '/rate_limit'],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

// Examples are bulky and say nothing a validator needs.
const droppedKeys = new Set(['example', 'examples', 'externalDocs']);

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Replaces every local `$ref` (`#/components/...`) with a copy of its target, recursively. */
const resolveRefs = (
  root: JsonObject,
  value: Json,
  seen: ReadonlyArray<string> = [],
  isPropertyMap = false,
): Json => {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(root, item, seen));
  if (!isObject(value)) return value;
  const ref = value.$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`Circular $ref ${ref} in the selected operations`);
    return resolveRefs(root, pointer(root, ref), [...seen, ref]);
  }
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    // A schema's `properties` map may legitimately hold a property named like a dropped key.
    if (isPropertyMap || !droppedKeys.has(key))
      out[key] = resolveRefs(root, child, seen, key === 'properties');
  }
  return out;
};

const pointer = (root: JsonObject, ref: string): Json => {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: Json = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !(key in node)) throw new Error(`Unresolvable $ref ${ref}`);
    node = node[key] as Json;
  }
  return node;
};

const pickOperation = (root: JsonObject, operation: JsonObject): JsonObject => {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const out: JsonObject = {
    operationId: operation.operationId ?? null,
    summary: operation.summary ?? null,
    parameters: resolveRefs(root, operation.parameters ?? []),
    // Status codes and their descriptions only: response bodies are not checked by the validators.
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, response]) => {
        const resolved = resolveRefs(root, response ?? null);
        return [status, { description: isObject(resolved) ? (resolved.description ?? null) : null }];
      }),
    ),
  };
  if (operation.requestBody) out.requestBody = resolveRefs(root, operation.requestBody);
  // GitHub's description records upcoming breaking changes (e.g. API version 2026-03-10 drops `assignee`).
  if (operation['x-github-breaking-changes']) {
    out['x-github-breaking-changes'] = operation['x-github-breaking-changes'];
  }
  return out;
};

/** Builds the subset document from the full description. */
export const buildGithubSubset = (full: JsonObject): JsonObject => {
  const paths: JsonObject = {};
  for (const [method, path] of githubOperations) {
    const pathItem = isObject(full.paths) ? full.paths[path] : undefined;
    const operation = isObject(pathItem) ? pathItem[method] : undefined;
    if (!isObject(operation)) throw new Error(`Operation ${method.toUpperCase()} ${path} not found`);
    const target = isObject(paths[path]) ? paths[path] : {};
    target[method] = pickOperation(full, operation);
    paths[path] = target;
  }
  return { openapi: full.openapi ?? null, info: full.info ?? null, servers: full.servers ?? null, paths };
};

const subsetNote = (inputName: string, sha256: string): string => `
-------------------------------------------------------------------------------
This folder does NOT hold the file above. It holds openapi-subset.json, derived from it:

Made by     : scripts/vendor-github-subset.ts (run by hand: npx tsx scripts/vendor-github-subset.ts <path>)
From        : ${inputName}, SHA-256 ${sha256}
Kept        : openapi, info (with its license), servers, and these operations only:
${githubOperations.map(([method, path]) => `                ${method.toUpperCase()} ${path}`).join('\n')}
              each with operationId, summary, parameters, requestBody (required fields, property
              types), response status codes with their descriptions, x-github-breaking-changes.
Changed     : every local $ref replaced by a copy of its target; "example", "examples" and
              "externalDocs" keys dropped; response bodies dropped (status codes kept).
License     : MIT, as above; LICENSE in this folder is the upstream LICENSE, copied unmodified.
`;

const main = (): void => {
  const input = process.argv[2];
  if (!input) {
    console.error('Usage: npx tsx scripts/vendor-github-subset.ts <path to api.github.com.json>');
    process.exit(2);
  }
  const inputPath = resolve(input);
  const text = readFileSync(inputPath, 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  const subset = buildGithubSubset(JSON.parse(text) as JsonObject);
  const outDir = resolve(import.meta.dirname, '../vendor/contracts/github');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'openapi-subset.json');
  writeFileSync(outFile, `${JSON.stringify(subset, null, 2)}\n`);
  // Copy the bytes, not the file mode: the shared originals are read-only.
  writeFileSync(join(outDir, 'LICENSE'), readFileSync(join(dirname(inputPath), 'LICENSE')));
  const upstreamSource = readFileSync(join(dirname(inputPath), 'SOURCE.txt'), 'utf8').trimEnd();
  writeFileSync(
    join(outDir, 'SOURCE.txt'),
    `${upstreamSource}\n${subsetNote('api.github.com.json', sha256)}`,
  );
  console.log(`Wrote ${outFile} (${githubOperations.length} operations) from ${inputPath}`);
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
