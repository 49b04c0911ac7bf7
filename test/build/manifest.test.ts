/**
 * Builds the app as `twenty dev:build` does (into the real `.twenty/output`) and checks what Twenty would
 * install: the manifest and the bundles. The Twenty build itself checks none of these.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSizeGoalBytes, listBundles } from '../../scripts/bench-bundles.ts';
import { buildApp, projectRoot } from '../../scripts/build.ts';
import { PROVIDERS } from '../../src/providers/index.ts';
import { type ExpectedTriggers, expectedTriggers } from './expected-triggers.ts';

type JsonSchema = {
  type?: string;
  properties?: Record<string, { description?: string }>;
  required?: string[];
};
type LogicFunction = {
  universalIdentifier: string;
  name: string;
  description?: string;
  builtHandlerPath: string;
  toolTriggerSettings?: { inputSchema?: JsonSchema };
  httpRouteTriggerSettings?: ExpectedTriggers['httpRoute'];
  cronTriggerSettings?: ExpectedTriggers['cron'];
  databaseEventTriggerSettings?: ExpectedTriggers['databaseEvent'];
  workflowActionTriggerSettings?: ExpectedTriggers['workflowAction'];
};
type Oauth = Record<
  'authorizationEndpoint' | 'tokenEndpoint' | 'clientIdVariable' | 'clientSecretVariable',
  string
>;
type ConnectionProvider = {
  universalIdentifier: string;
  name: string;
  oauth: Oauth & { revokeEndpoint?: string };
  onConnectLogicFunction?: { universalIdentifier: string };
  onDisconnectLogicFunction?: { universalIdentifier: string };
};
type Manifest = {
  application: { serverVariables?: Record<string, { isSecret?: boolean }> };
  connectionProviders: ConnectionProvider[];
  logicFunctions: LogicFunction[];
};

const appMissing = !existsSync(join(projectRoot, 'application.config.ts'));
const title = appMissing
  ? 'built manifest (skipped: application.config.ts does not exist yet)'
  : 'built manifest';

const triggersOf = (fn: LogicFunction): ExpectedTriggers => {
  const triggers: ExpectedTriggers = {};
  if (fn.toolTriggerSettings) triggers.tool = true;
  if (fn.httpRouteTriggerSettings) triggers.httpRoute = fn.httpRouteTriggerSettings;
  if (fn.cronTriggerSettings) triggers.cron = fn.cronTriggerSettings;
  if (fn.databaseEventTriggerSettings) triggers.databaseEvent = fn.databaseEventTriggerSettings;
  if (fn.workflowActionTriggerSettings) triggers.workflowAction = fn.workflowActionTriggerSettings;
  return triggers;
};

describe.skipIf(appMissing)(title, () => {
  let manifest: Manifest;
  let outputDir: string;

  beforeAll(async () => {
    ({ outputDir } = await buildApp({ onProgress: () => {} }));
    manifest = JSON.parse(readFileSync(join(outputDir, 'manifest.json'), 'utf8')) as Manifest;
  }, 240_000);

  it("declares exactly the connection providers of the app's list, all on https", () => {
    expect(manifest.connectionProviders.map((p) => p.name).sort()).toEqual(
      PROVIDERS.map((p) => p.name).sort(),
    );
    for (const { name, oauth } of manifest.connectionProviders) {
      const endpoints = [oauth.authorizationEndpoint, oauth.tokenEndpoint, oauth.revokeEndpoint];
      for (const endpoint of endpoints.filter((e) => e !== undefined)) {
        expect(new URL(endpoint).protocol, `${name}: ${endpoint}`).toBe('https:');
      }
    }
  });

  it('declares every client id and secret variable in serverVariables, secrets marked secret', () => {
    const declared = manifest.application.serverVariables ?? {};
    for (const { name, oauth } of manifest.connectionProviders) {
      expect(declared, `${name} clientIdVariable`).toHaveProperty([oauth.clientIdVariable]);
      expect(declared, `${name} clientSecretVariable`).toHaveProperty([oauth.clientSecretVariable]);
      expect(declared[oauth.clientSecretVariable]?.isSecret, `${oauth.clientSecretVariable}.isSecret`).toBe(
        true,
      );
    }
  });

  it("declares as serverVariables exactly each listed provider's client id and secret, with its own ids", () => {
    expect(Object.keys(manifest.application.serverVariables ?? {})).toEqual(
      PROVIDERS.flatMap((p) => [p.clientIdVariable, p.clientSecretVariable]),
    );
    for (const spec of PROVIDERS) {
      const built = manifest.connectionProviders.find((p) => p.name === spec.name);
      expect(built, spec.name).toMatchObject({
        universalIdentifier: spec.ids.connectionProvider,
        oauth: { clientIdVariable: spec.clientIdVariable, clientSecretVariable: spec.clientSecretVariable },
        onConnectLogicFunction: { universalIdentifier: spec.ids.onConnect },
        onDisconnectLogicFunction: { universalIdentifier: spec.ids.onDisconnect },
      });
    }
  });

  it('points every provider hook at a logic function of the app', () => {
    const ids = new Set(manifest.logicFunctions.map((fn) => fn.universalIdentifier));
    const dangling = manifest.connectionProviders.flatMap((provider) =>
      (['onConnectLogicFunction', 'onDisconnectLogicFunction'] as const)
        .filter((hook) => provider[hook] && !ids.has(provider[hook].universalIdentifier))
        .map((hook) => `${provider.name}.${hook} -> ${provider[hook]?.universalIdentifier}`),
    );
    expect(dangling).toEqual([]);
  });

  it('describes every logic function', () => {
    const undescribed = manifest.logicFunctions.filter((fn) => !fn.description?.trim()).map((fn) => fn.name);
    expect(undescribed).toEqual([]);
  });

  it('gives every tool an object inputSchema with required fields and a description on every property', () => {
    const tools = manifest.logicFunctions.filter((fn) => fn.toolTriggerSettings);
    for (const tool of tools) {
      const schema = tool.toolTriggerSettings?.inputSchema;
      expect(schema?.type, `${tool.name} inputSchema.type`).toBe('object');
      expect(Array.isArray(schema?.required), `${tool.name} inputSchema.required`).toBe(true);
      const properties = schema?.properties ?? {};
      for (const field of schema?.required ?? [])
        expect(properties, `${tool.name} required`).toHaveProperty([field]);
      const undescribed = Object.entries(properties).filter(([, p]) => !p.description?.trim());
      expect(
        undescribed.map(([key]) => key),
        `${tool.name} properties without description`,
      ).toEqual([]);
    }
  });

  it('keeps every bundle at or under 160 KB and builds every handler', () => {
    const bundles = listBundles(outputDir);
    const over = bundles
      .filter((b) => b.bytes > bundleSizeGoalBytes)
      .map((b) => `${b.path}: ${b.bytes} bytes`);
    expect(over).toEqual([]);
    const built = new Set(bundles.map((b) => b.path));
    const missing = manifest.logicFunctions
      .filter((fn) => !built.has(fn.builtHandlerPath))
      .map((fn) => fn.name);
    expect(missing).toEqual([]);
  });

  it.skipIf(Object.keys(expectedTriggers).length === 0)(
    'gives every function exactly the triggers of test/build/expected-triggers.ts',
    () => {
      const actual = Object.fromEntries(manifest.logicFunctions.map((fn) => [fn.name, triggersOf(fn)]));
      expect(actual).toEqual(expectedTriggers);
    },
  );
});
