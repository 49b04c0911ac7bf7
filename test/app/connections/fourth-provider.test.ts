/**
 * A fourth provider in the list, and nothing else: the admin's server variables, the app's description and the
 * health check show it without an edit anywhere else (docs/adding-a-provider.md).
 */
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProviderSpec } from '../../../src/core/provider.ts';
import { PROVIDER_ENV } from '../../support/fake-twenty.ts';

const acme = vi.hoisted(
  (): ProviderSpec => ({
    name: 'acme',
    displayName: 'Acme',
    clientIdVariable: 'ACME_CLIENT_ID',
    clientSecretVariable: 'ACME_CLIENT_SECRET',
    registerAt: 'acme.example → Developers → OAuth apps',
    ids: {
      connectionProvider: '5f0c2b8e-0d4e-4f7a-9a51-0c1f2e3d4a5b',
      onConnect: '6a1d3c9f-1e5f-4a8b-8b62-1d2a3f4e5b6c',
      onDisconnect: '7b2e4da0-2f6a-4b9c-9c73-2e3b4a5f6c7d',
    },
  }),
);

vi.mock('../../../src/providers/index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/providers/index.ts')>();
  return { ...original, PROVIDERS: [...original.PROVIDERS, acme] };
});

const ROOT = resolve(import.meta.dirname, '../../..');
type Config<T> = { default: { config: T } };
type Variable = { description: string; isSecret: boolean };

afterEach(() => {
  Object.assign(process.env, PROVIDER_ENV);
});

describe('a fourth provider added to the list only', () => {
  it("gets its client id and secret in the app's server variables, after the others", async () => {
    const { default: app } = (await import(resolve(ROOT, 'application.config.ts'))) as Config<{
      description: string;
      serverVariables: Record<string, Variable>;
    }>;
    const variables = app.config.serverVariables;
    expect(Object.keys(variables).slice(-2)).toEqual(['ACME_CLIENT_ID', 'ACME_CLIENT_SECRET']);
    expect(variables.ACME_CLIENT_ID).toMatchObject({ isSecret: false });
    expect(variables.ACME_CLIENT_ID?.description).toContain('acme.example → Developers → OAuth apps');
    expect(variables.ACME_CLIENT_SECRET).toMatchObject({ isSecret: true });
    expect(app.config.description).toContain('Linear, GitHub, Slack and Acme');
  });

  it('is named by the health check while its OAuth client is missing', async () => {
    Object.assign(process.env, PROVIDER_ENV);
    delete process.env.ACME_CLIENT_ID;
    delete process.env.ACME_CLIENT_SECRET;
    const { default: health } = (await import(
      resolve(ROOT, 'src/functions/connections/health-check.ts')
    )) as Config<{ handler: () => Promise<{ status: string; message: string }> }>;
    const result = await health.config.handler();
    expect(result.status).toBe('INFO');
    expect(result.message).toContain('Ready: Linear, GitHub, Slack. Not configured: Acme.');
    expect(result.message).toContain('Fill ACME_CLIENT_ID/ACME_CLIENT_SECRET');
  });
});
