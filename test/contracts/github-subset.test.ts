import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGithubSubset, githubOperations } from '../../scripts/vendor-github-subset.ts';

type BuiltSubset = {
  info: unknown;
  paths: Record<
    string,
    Record<string, { parameters: unknown; responses: unknown; requestBody: { content: object } }>
  >;
};

const vendorDir = resolve(import.meta.dirname, '../../vendor/contracts/github');

describe('GitHub OpenAPI subset', () => {
  it('holds every operation the app uses, with refs resolved and the license kept', () => {
    const text = readFileSync(resolve(vendorDir, 'openapi-subset.json'), 'utf8');
    const subset = JSON.parse(text);
    for (const [method, path] of githubOperations) {
      expect(subset.paths[path]?.[method]?.operationId, `${method} ${path}`).toEqual(expect.any(String));
    }
    expect(text).not.toContain('"$ref"');
    expect(subset.info.license.name).toBe('MIT');
    expect(readFileSync(resolve(vendorDir, 'LICENSE'), 'utf8')).toContain('MIT License');
    expect(existsSync(resolve(vendorDir, 'SOURCE.txt'))).toBe(true);
  });

  it('is built by resolving refs and dropping examples, but not properties named like them', () => {
    const full = {
      openapi: '3.0.3',
      info: { title: 'GitHub', license: { name: 'MIT' } },
      servers: [{ url: 'https://api.github.com' }],
      components: {
        parameters: { owner: { name: 'owner', in: 'path', required: true, schema: { type: 'string' } } },
        responses: { gone: { description: 'Gone', content: { 'application/json': {} } } },
      },
      paths: {} as Record<string, Record<string, unknown>>,
    };
    for (const [method, path] of githubOperations)
      full.paths[path] = {
        ...full.paths[path],
        [method]: {
          operationId: `${method} ${path}`,
          parameters: [{ $ref: '#/components/parameters/owner' }],
          requestBody: {
            content: {
              'application/json': {
                schema: { type: 'object', properties: { examples: { type: 'string', example: 'x' } } },
                examples: { default: { value: {} } },
              },
            },
          },
          responses: { '410': { $ref: '#/components/responses/gone' } },
        },
      };
    const subset = buildGithubSubset(
      full as unknown as Parameters<typeof buildGithubSubset>[0],
    ) as unknown as BuiltSubset;
    const operation = subset.paths['/user']!.get!;
    expect(operation.parameters).toEqual([full.components.parameters.owner]);
    expect(operation.responses).toEqual({ '410': { description: 'Gone' } });
    expect(operation.requestBody.content).toEqual({
      'application/json': { schema: { type: 'object', properties: { examples: { type: 'string' } } } },
    });
    expect(subset.info).toEqual(full.info);
  });

  it('fails when an operation is missing from the full description', () => {
    expect(() => buildGithubSubset({ paths: {} })).toThrow(/Operation GET \/user not found/);
  });
});
