import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGithubSandbox } from '../../local/sandboxes/github/github.sandbox.ts';
import { assertGithubRequest, githubSubsetPath } from '../contracts/checks/github-request.ts';

// The vendored subset of GitHub's OpenAPI description (the project must not depend on files outside it).
type Subset = {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
};
const spec: Subset | undefined = existsSync(githubSubsetPath)
  ? JSON.parse(readFileSync(githubSubsetPath, 'utf8'))
  : undefined;

function operationById(operationId: string): { template: string; responses: Record<string, unknown> } {
  for (const [template, item] of Object.entries(spec!.paths)) {
    for (const operation of Object.values(item)) {
      if (operation.operationId === operationId) return { template, responses: operation.responses };
    }
  }
  throw new Error(`${operationId} is not in the OpenAPI subset`);
}

describe.skipIf(!spec)('GitHub sandbox requests against the OpenAPI description', () => {
  const sandbox = createGithubSandbox({ tokenExpiry: false });
  const client = {
    clientId: 'Ov23liContract',
    clientSecret: 'contract-secret-0123456789',
    redirectUris: ['http://127.0.0.1:4020/apps/oauth/callback'],
  };
  sandbox.registerClient(client);
  const ada = sandbox.mintToken({ account: 'ada-acme', scopes: ['repo'] }).accessToken;
  const grace = sandbox.mintToken({ account: 'grace-acme', scopes: ['repo'] }).accessToken;
  const graceAgain = sandbox.mintToken({ account: 'grace-acme', scopes: ['repo'] }).accessToken;
  const appSandbox = createGithubSandbox({ tokenExpiry: true });
  const appToken = appSandbox.mintToken({ account: 'ada-acme' }).accessToken;
  const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;

  /** [method, path, body, authorization, expected status, target] — the requests the GitHub tests send. */
  const requests: [string, string, Record<string, unknown> | undefined, string, number, 'oauth' | 'app'][] = [
    ['GET', '/user', undefined, `Bearer ${ada}`, 200, 'oauth'],
    ['GET', '/user/repos?per_page=2&sort=full_name&page=2', undefined, `Bearer ${ada}`, 200, 'oauth'],
    ['GET', '/user/repos?affiliation=owner&visibility=private', undefined, `Bearer ${ada}`, 200, 'oauth'],
    [
      'GET',
      '/search/issues?q=repo%3Aacme-robotics%2Ffirmware+is%3Aissue+is%3Aopen+overheats',
      undefined,
      `Bearer ${ada}`,
      200,
      'oauth',
    ],
    ['GET', '/search/issues?q=is%3Aissue&per_page=2&page=1', undefined, `Bearer ${ada}`, 200, 'oauth'],
    ['GET', '/rate_limit', undefined, `Bearer ${ada}`, 200, 'oauth'],
    [
      'POST',
      '/repos/acme-robotics/firmware/issues',
      { title: 'T', body: 'B', labels: ['bug'], assignees: ['ada-acme'] },
      `Bearer ${ada}`,
      201,
      'oauth',
    ],
    ['POST', '/repos/acme-robotics/firmware/issues/3/comments', { body: 'C' }, `Bearer ${ada}`, 201, 'oauth'],
    ['POST', '/repos/acme%2Drobotics/website/issues', { title: 'Encoded' }, `Bearer ${ada}`, 201, 'oauth'],
    ['POST', '/repos/acme-robotics/firmware/issues', { title: 'x' }, `Bearer ${grace}`, 404, 'oauth'],
    ['POST', '/repos/acme-robotics/archive/issues', { title: 'x' }, `Bearer ${ada}`, 410, 'oauth'],
    ['POST', '/repos/acme-robotics/archive/issues/1/comments', { body: 'x' }, `Bearer ${ada}`, 410, 'oauth'],
    [
      'POST',
      '/repos/acme-robotics/website/issues',
      { title: 'x', assignees: ['octocat'] },
      `Bearer ${ada}`,
      422,
      'oauth',
    ],
    ['POST', '/repos/acme-robotics/website/issues/99/comments', { body: 'x' }, `Bearer ${ada}`, 404, 'oauth'],
    ['GET', '/repos/acme-robotics/firmware/issues/1', undefined, `Bearer ${ada}`, 200, 'oauth'],
    ['GET', '/repos/grace-acme/garden-sensors/issues/1', undefined, `Bearer ${grace}`, 200, 'oauth'],
    ['GET', '/repos/acme-robotics/firmware/issues/1', undefined, `Bearer ${grace}`, 404, 'oauth'],
    ['GET', '/repos/acme-robotics/website/issues/99', undefined, `Bearer ${ada}`, 404, 'oauth'],
    ['GET', '/repos/acme-robotics/archive/issues/1', undefined, `Bearer ${ada}`, 410, 'oauth'],
    ['GET', '/repos/acme-robotics/firmware', undefined, `Bearer ${ada}`, 200, 'oauth'],
    ['GET', '/repos/acme-robotics/firmware', undefined, `Bearer ${grace}`, 404, 'oauth'],
    ['GET', '/user/installations', undefined, `Bearer ${appToken}`, 200, 'app'],
    ['DELETE', `/applications/${client.clientId}/token`, { access_token: grace }, basic, 204, 'oauth'],
    ['DELETE', `/applications/${client.clientId}/token`, { access_token: grace }, basic, 422, 'oauth'],
    ['DELETE', `/applications/${client.clientId}/grant`, { access_token: graceAgain }, basic, 204, 'oauth'],
    ['DELETE', `/applications/${client.clientId}/grant`, { access_token: graceAgain }, basic, 422, 'oauth'],
  ];

  it.each(requests)(
    '%s %s matches a documented operation and answers a documented status',
    async (...row) => {
      const [method, path, body, authorization, status, target] = row;
      const url = new URL(`https://api.github.com${path}`);
      const operation = operationById(assertGithubRequest({ method, url: url.toString(), body }));
      const response = await (target === 'app' ? appSandbox : sandbox).handle(
        new Request(url, {
          method,
          headers: { authorization, 'user-agent': 'contract-test', 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
      expect(response.status).toBe(status);
      expect(Object.keys(operation.responses)).toContain(String(status));
      const recorded = (target === 'app' ? appSandbox : sandbox).calls().at(-1)!;
      if (recorded.operation !== 'oauth.revoke')
        expect(recorded.operation).toBe(`${method} ${operation.template}`);
    },
  );
});
