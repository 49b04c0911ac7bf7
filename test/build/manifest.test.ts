/**
 * Builds the app as `twenty dev:build` does (into the real `.twenty/output`) and checks what Twenty would
 * install: the manifest and the bundles. The Twenty build itself checks none of these.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD } from 'twenty-sdk/define';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSizeGoalBytes, listBundles } from '../../scripts/bench-bundles.ts';
import { buildApp, projectRoot } from '../../scripts/build.ts';
import { PROVIDERS } from '../../src/providers/index.ts';
import { IDS } from '../../src/universal-identifiers.ts';
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
  serverRouteTriggerSettings?: ExpectedTriggers['serverRoute'];
  timeoutSeconds?: number;
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
type Field = {
  universalIdentifier: string;
  name: string;
  type: string;
  objectUniversalIdentifier?: string;
  options?: { value: string }[];
  relationTargetObjectMetadataUniversalIdentifier?: string;
  relationTargetFieldMetadataUniversalIdentifier?: string;
  universalSettings?: { relationType?: string; onDelete?: string; joinColumnName?: string };
};
type ObjectManifest = {
  universalIdentifier: string;
  nameSingular: string;
  namePlural: string;
  labelIdentifierFieldMetadataUniversalIdentifier: string;
  fields: Field[];
};
type ObjectPermission = { objectUniversalIdentifier: string } & Record<
  | 'canReadObjectRecords'
  | 'canUpdateObjectRecords'
  | 'canSoftDeleteObjectRecords'
  | 'canDestroyObjectRecords',
  boolean
>;
type Manifest = {
  application: {
    serverVariables?: Record<string, { isSecret?: boolean; description?: string }>;
    applicationVariables?: Record<string, { universalIdentifier: string; value?: unknown }>;
  };
  objects: ObjectManifest[];
  fields: Field[];
  roles: (Record<string, unknown> & {
    universalIdentifier: string;
    objectPermissions?: ObjectPermission[];
  })[];
  connectionProviders: ConnectionProvider[];
  logicFunctions: LogicFunction[];
  timelineActivityTypes?: (Record<string, unknown> & {
    universalIdentifier: string;
    name: string;
    label: string;
  })[];
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
  if (fn.serverRouteTriggerSettings) triggers.serverRoute = fn.serverRouteTriggerSettings;
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
      PROVIDERS.flatMap((p) => [
        p.clientIdVariable,
        p.clientSecretVariable,
        ...(p.name === 'linear' ? ['LINEAR_WEBHOOK_SECRET'] : []),
      ]),
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

  // The size goal (160 KB, or a cold import within 1.2× the SDK-only bundle's) is judged by `npm run bench`, which
  // times imports; a test never does. This only stops a bundle from growing far past the goal unnoticed.
  it('builds every handler, and no bundle grows far past the size goal', () => {
    const bundles = listBundles(outputDir);
    const runaway = bundles
      .filter((b) => b.bytes > bundleSizeGoalBytes * 1.25)
      .map((b) => `${b.path}: ${b.bytes} bytes`);
    expect(runaway).toEqual([]);
    const built = new Set(bundles.map((b) => b.path));
    const missing = manifest.logicFunctions
      .filter((fn) => !built.has(fn.builtHandlerPath))
      .map((fn) => fn.name);
    expect(missing).toEqual([]);
  });

  it('defines the workItem and workItemLink objects with the fields of docs/linked-work.md', () => {
    const fieldsOf = (name: string) => {
      const object = manifest.objects.find((o) => o.nameSingular === name);
      return Object.fromEntries((object?.fields ?? []).map((f) => [f.name, f.type]));
    };
    expect(manifest.objects.map((o) => [o.nameSingular, o.namePlural, o.universalIdentifier]).sort()).toEqual(
      [
        ['workItem', 'workItems', IDS.objects.workItem],
        ['workItemLink', 'workItemLinks', IDS.objects.workItemLink],
      ],
    );
    expect(fieldsOf('workItem')).toEqual({
      title: 'TEXT',
      provider: 'SELECT',
      upstreamId: 'TEXT',
      identifier: 'TEXT',
      url: 'LINKS',
      status: 'TEXT',
      statusCategory: 'SELECT',
      assignee: 'TEXT',
      lastRefreshedAt: 'DATE_TIME',
      upstreamUpdatedAt: 'DATE_TIME',
      connectionId: 'TEXT',
      connectionName: 'TEXT',
      isPrivate: 'BOOLEAN',
      etag: 'TEXT',
      links: 'RELATION',
      // twenty-sdk's build adds a `name` TEXT field to every object; the label identifier stays `title`.
      name: 'TEXT',
    });
    expect(fieldsOf('workItemLink')).toEqual({
      label: 'TEXT',
      workItem: 'RELATION',
      company: 'RELATION',
      person: 'RELATION',
      opportunity: 'RELATION',
      linkedByWorkspaceMemberId: 'TEXT',
      customerNeedId: 'TEXT',
      name: 'TEXT',
    });
    const workItem = manifest.objects.find((o) => o.nameSingular === 'workItem')!;
    const option = (field: string) =>
      workItem.fields.find((f) => f.name === field)?.options?.map((o) => o.value);
    expect(option('provider')).toEqual(PROVIDERS.map((p) => p.name.toUpperCase()));
    expect(option('statusCategory')).toEqual(['OPEN', 'IN_PROGRESS', 'DONE', 'CANCELED']);
    for (const object of manifest.objects) {
      const label = object.fields.find(
        (f) => f.universalIdentifier === object.labelIdentifierFieldMetadataUniversalIdentifier,
      );
      expect(label?.type, `${object.nameSingular} label identifier`).toBe('TEXT');
    }
  });

  it('relates links to work items, companies, people and opportunities, both sides pointing at each other', () => {
    const all = [
      ...manifest.objects.flatMap((o) =>
        o.fields.map((f) => ({ ...f, objectUniversalIdentifier: o.universalIdentifier })),
      ),
      ...manifest.fields,
    ];
    const relations = all.filter((f) => f.type === 'RELATION');
    const link = IDS.objects.workItemLink;
    const describeRelation = (f: Field) =>
      `${f.objectUniversalIdentifier}.${f.name} ${f.universalSettings?.relationType} ${f.universalSettings?.onDelete ?? ''} ${f.universalSettings?.joinColumnName ?? ''}`.trim();
    expect(relations.map(describeRelation).sort()).toEqual(
      [
        `${link}.workItem MANY_TO_ONE CASCADE workItemId`,
        `${link}.company MANY_TO_ONE CASCADE companyId`,
        `${link}.person MANY_TO_ONE CASCADE personId`,
        `${link}.opportunity MANY_TO_ONE CASCADE opportunityId`,
        `${IDS.objects.workItem}.links ONE_TO_MANY`,
        `${STANDARD.company.universalIdentifier}.workItemLinks ONE_TO_MANY`,
        `${STANDARD.person.universalIdentifier}.workItemLinks ONE_TO_MANY`,
        `${STANDARD.opportunity.universalIdentifier}.workItemLinks ONE_TO_MANY`,
      ].sort(),
    );
    for (const field of relations) {
      const other = all.find(
        (f) => f.universalIdentifier === field.relationTargetFieldMetadataUniversalIdentifier,
      );
      expect(other, `${field.name}: inverse field`).toBeDefined();
      expect(other?.objectUniversalIdentifier, `${field.name}: inverse's object`).toBe(
        field.relationTargetObjectMetadataUniversalIdentifier,
      );
      expect(
        other?.relationTargetFieldMetadataUniversalIdentifier,
        `${field.name}: inverse points back`,
      ).toBe(field.universalIdentifier);
      expect(other?.relationTargetObjectMetadataUniversalIdentifier).toBe(field.objectUniversalIdentifier);
    }
  });

  it('gives the app role exactly: read company/person/opportunity; read, write, soft-delete its own objects; no destroy', () => {
    expect(manifest.roles).toHaveLength(1);
    const role = manifest.roles[0]!;
    expect(role).toMatchObject({
      universalIdentifier: IDS.role,
      canReadAllObjectRecords: false,
      canUpdateAllObjectRecords: false,
      canSoftDeleteAllObjectRecords: false,
      canDestroyAllObjectRecords: false,
      canUpdateAllSettings: false,
      canAccessAllTools: false,
    });
    const grants = Object.fromEntries(
      (role.objectPermissions ?? []).map((p) => [
        p.objectUniversalIdentifier,
        [
          p.canReadObjectRecords,
          p.canUpdateObjectRecords,
          p.canSoftDeleteObjectRecords,
          p.canDestroyObjectRecords,
        ],
      ]),
    );
    const readOnly = [true, false, false, false];
    const own = [true, true, true, false];
    expect(grants).toEqual({
      [STANDARD.company.universalIdentifier]: readOnly,
      [STANDARD.person.universalIdentifier]: readOnly,
      [STANDARD.opportunity.universalIdentifier]: readOnly,
      [IDS.objects.workItem]: own,
      [IDS.objects.workItemLink]: own,
      // createTimelineActivity creates timelineActivity rows (insert needs update); never deletes them.
      [STANDARD.timelineActivity.universalIdentifier]: [true, true, false, false],
    });
  });

  it('declares CRM_BASE_URL, empty by default', () => {
    expect(manifest.application.applicationVariables?.CRM_BASE_URL).toMatchObject({
      universalIdentifier: IDS.applicationVariables.crmBaseUrl,
      value: '',
    });
  });

  it('declares LINEAR_WEBHOOK_SECRET as a secret saying which URL to register at Linear', () => {
    const secret = manifest.application.serverVariables?.LINEAR_WEBHOOK_SECRET;
    expect(secret).toMatchObject({ isSecret: true, isRequired: false });
    expect(secret?.description).toContain(`/webhooks/server/${IDS.functions.linearWebhook}`);
    const resolver = manifest.logicFunctions.find((f) => f.name === 'linear-webhook');
    // Linear gives a delivery 5 s before it counts as failed (docs/events-sources.md §C1).
    expect(resolver).toMatchObject({ universalIdentifier: IDS.functions.linearWebhook, timeoutSeconds: 5 });
    expect(manifest.logicFunctions.find((f) => f.name === 'linear-event')?.universalIdentifier).toBe(
      IDS.functions.linearEvent,
    );
  });

  it('declares WORK_ITEM_DONE_SLACK_CHANNEL, empty (off) by default', () => {
    expect(manifest.application.applicationVariables?.WORK_ITEM_DONE_SLACK_CHANNEL).toEqual(
      expect.objectContaining({
        universalIdentifier: IDS.applicationVariables.workItemDoneChannel,
        value: '',
      }),
    );
  });

  it('declares one explicit timeline activity type per kind of change, none emitted automatically', () => {
    const types = manifest.timelineActivityTypes ?? [];
    expect(Object.fromEntries(types.map((t) => [t.name, t.universalIdentifier]))).toEqual(
      IDS.timelineActivityTypes,
    );
    for (const type of types) expect(type, type.name).not.toHaveProperty('emit');
    expect(types.find((t) => t.name === 'workItemStatusDone')?.label).toBe('moved to Done');
  });

  it.skipIf(Object.keys(expectedTriggers).length === 0)(
    'gives every function exactly the triggers of test/build/expected-triggers.ts',
    () => {
      const actual = Object.fromEntries(manifest.logicFunctions.map((fn) => [fn.name, triggersOf(fn)]));
      expect(actual).toEqual(expectedTriggers);
    },
  );
});
