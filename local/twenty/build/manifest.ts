import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The parts of `.twenty/output/manifest.json` the runtime uses (the build writes many more). */
const variableSchema = z
  .object({
    description: z.string().optional(),
    isSecret: z.boolean().optional(),
    isRequired: z.boolean().optional(),
    value: z.unknown().optional(),
  })
  .loose();

const providerSchema = z
  .object({
    universalIdentifier: z.string(),
    name: z.string(),
    displayName: z.string(),
    type: z.literal('oauth'),
    oauth: z
      .object({
        authorizationEndpoint: z.string(),
        tokenEndpoint: z.string(),
        revokeEndpoint: z.string().optional(),
        scopes: z.array(z.string()).default([]),
        clientIdVariable: z.string(),
        clientSecretVariable: z.string(),
        authorizationParams: z.record(z.string(), z.string()).optional(),
        // Twenty's server defaults: JSON token requests and PKCE on.
        tokenRequestContentType: z.enum(['json', 'form-urlencoded']).default('json'),
        usePkce: z.boolean().default(true),
      })
      .loose(),
    onConnectLogicFunction: z.object({ universalIdentifier: z.string() }).optional(),
    onDisconnectLogicFunction: z.object({ universalIdentifier: z.string() }).optional(),
  })
  .loose();

const functionSchema = z
  .object({
    universalIdentifier: z.string(),
    name: z.string().optional(),
    description: z.string().optional(),
    // Twenty's server default.
    timeoutSeconds: z.number().positive().default(300),
    builtHandlerPath: z.string(),
    /** The source file the bundle was built from (relative to the app); the dev loop's fast rebuild reads it. */
    sourceHandlerPath: z.string().optional(),
    builtHandlerChecksum: z.string().optional(),
    handlerName: z.string().default('default.config.handler'),
    toolTriggerSettings: z.object({ inputSchema: z.unknown().optional() }).loose().optional(),
    httpRouteTriggerSettings: z
      .object({
        path: z.string(),
        httpMethod: z.string(),
        isAuthRequired: z.boolean(),
        forwardedRequestHeaders: z.array(z.string()).optional(),
      })
      .optional(),
    /** twenty-sdk 2.43 `ServerRouteTriggerSettings` (define/index.d.ts:1186): served at `/webhooks/server/:id`. */
    serverRouteTriggerSettings: z
      .object({
        forwardedRequestHeaders: z.array(z.string()).optional(),
        httpMethods: z.array(z.string()).optional(),
      })
      .optional(),
    cronTriggerSettings: z.object({ pattern: z.string() }).optional(),
    databaseEventTriggerSettings: z
      .object({
        eventName: z.string(),
        updatedFields: z.array(z.string()).optional(),
        batchMode: z.boolean().optional(),
      })
      .optional(),
  })
  .loose();

const timelineTypeSchema = z
  .object({
    universalIdentifier: z.string(),
    name: z.string(),
    label: z.string(),
    icon: z.string().optional(),
  })
  .loose();

const manifestSchema = z
  .object({
    application: z
      .object({
        universalIdentifier: z.string(),
        displayName: z.string(),
        serverVariables: z.record(z.string(), variableSchema).default({}),
        applicationVariables: z.record(z.string(), variableSchema).default({}),
      })
      .loose(),
    connectionProviders: z.array(providerSchema).default([]),
    logicFunctions: z.array(functionSchema).default([]),
    /** `defineTimelineActivityType` entries (SDK manifest key `timelineActivityTypes`, manifest-extract-config.d.ts). */
    timelineActivityTypes: z.array(timelineTypeSchema).optional(),
  })
  .loose();

export type AppManifest = z.infer<typeof manifestSchema>;
export type ConnectionProviderManifest = AppManifest['connectionProviders'][number];
export type LogicFunctionManifest = AppManifest['logicFunctions'][number];

export const readManifest = (outputDir: string): AppManifest => {
  const path = join(outputDir, 'manifest.json');
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${path} is not a manifest this runtime understands: ${problems.join('; ')}`);
  }
  return parsed.data;
};

/** AI tools are named `app_<name in snake_case>` by Twenty. */
export const toolName = (fn: LogicFunctionManifest): string =>
  `app_${(fn.name ?? fn.universalIdentifier)
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()}`;

/**
 * The app's connection providers in the order the app lists them: the order of their client id variables in
 * `serverVariables`, which the app derives from its one list of providers (the build itself orders connection
 * providers by file). The console shows them so and knows no provider of its own.
 */
export const connectionProvidersInAppOrder = (manifest: AppManifest) => {
  const declared = Object.keys(manifest.application.serverVariables);
  const rank = (name: string) => {
    const at = declared.indexOf(name);
    return at === -1 ? declared.length : at;
  };
  return [...manifest.connectionProviders].sort(
    (a, b) => rank(a.oauth.clientIdVariable) - rank(b.oauth.clientIdVariable),
  );
};
