import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_ENV } from '../../support/fake-twenty.ts';

const FILE = resolve(import.meta.dirname, '../../../src/functions/connections/health-check.ts');
const VARIABLES = Object.keys(PROVIDER_ENV);

type Health = { status: string; message?: string; title?: string; description?: string };
const check = async (): Promise<Health> => {
  const module = (await import(FILE)) as { default: { config: { handler: () => Health | Promise<Health> } } };
  return module.default.config.handler();
};

afterEach(() => {
  Object.assign(process.env, PROVIDER_ENV);
});

describe('health-check', () => {
  it('is OK when every provider has its OAuth client', async () => {
    Object.assign(process.env, PROVIDER_ENV);
    expect(await check()).toEqual({ status: 'OK', message: 'Linear, GitHub and Slack are configured.' });
  });

  // Newer servers validate a result by `status` and `message` (title/description alone become UNKNOWN);
  // SDK 2.43 types title/description: every non-OK result carries both forms, saying the same.
  it('returns status and message alongside title and description', async () => {
    const allowed = ['OK', 'SUCCESS', 'INFO', 'WARNING', 'ERROR', 'NEUTRAL'];
    const cases: (() => void)[] = [
      () => Object.assign(process.env, PROVIDER_ENV),
      () => {
        Object.assign(process.env, PROVIDER_ENV);
        delete process.env.SLACK_CLIENT_SECRET;
      },
      () => {
        for (const name of VARIABLES) delete process.env[name];
      },
    ];
    for (const arrange of cases) {
      arrange();
      const health = await check();
      expect(allowed).toContain(health.status);
      expect(health.message).toEqual(expect.stringMatching(/\S/));
      if (health.status !== 'OK') {
        expect(health.title).toEqual(expect.stringMatching(/\S/));
        expect(health.message).toContain(health.title);
        expect(health.message).toContain(health.description);
      }
    }
  });

  it('is INFO listing the providers that are missing and the variables to fill', async () => {
    Object.assign(process.env, PROVIDER_ENV);
    delete process.env.GITHUB_CLIENT_SECRET;
    process.env.SLACK_CLIENT_ID = ' ';
    const health = await check();
    expect(health.status).toBe('INFO');
    expect(health.title).toBe('Ready: Linear. Not configured: GitHub, Slack.');
    expect(health.description).toContain('GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET');
    expect(health.description).toContain('SLACK_CLIENT_ID/SLACK_CLIENT_SECRET');
    expect(health.description).not.toContain('LINEAR_CLIENT');
  });

  it('is WARNING when no provider is configured', async () => {
    for (const name of VARIABLES) delete process.env[name];
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toBe('No provider is configured yet.');
  });

  it('never shows a client secret', async () => {
    Object.assign(process.env, PROVIDER_ENV);
    delete process.env.LINEAR_CLIENT_ID;
    const text = JSON.stringify(await check());
    for (const name of VARIABLES.filter((v) => v.endsWith('SECRET')))
      expect(text).not.toContain(PROVIDER_ENV[name]);
  });
});
