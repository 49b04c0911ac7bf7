import { z } from 'zod';
import { connectionProvidersInAppOrder, toolName } from '../build/manifest.ts';
import { SERVER_ROUTE_PREFIX } from '../functions/server-route.ts';
import { callbackUrls, providerCredentials } from '../runtime-context.ts';
import { HttpError, readJson } from './http-errors.ts';
import { requireMember, type Services } from './services.ts';

export const getSession = (services: Services): Response => {
  const { ctx } = services;
  return Response.json({
    csrfToken: ctx.secrets.csrfToken,
    mode: ctx.settings.mode,
    baseUrl: ctx.baseUrl(),
    members: ctx.members.list().map((member) => ({
      id: member.id,
      userWorkspaceId: member.userWorkspaceId,
      workspaceMemberId: member.workspaceMemberId,
      name: member.name,
      email: member.email,
      isAdmin: member.isAdmin,
      routeToken: member.routeToken,
    })),
    apiKey: ctx.secrets.apiKey,
  });
};

const functionView = (services: Services) => {
  const { manifest } = services.ctx.app;
  const hooks = new Map<string, { provider: string; hook: 'onConnect' | 'onDisconnect' }>();
  for (const provider of manifest.connectionProviders) {
    if (provider.onConnectLogicFunction) {
      hooks.set(provider.onConnectLogicFunction.universalIdentifier, {
        provider: provider.name,
        hook: 'onConnect',
      });
    }
    if (provider.onDisconnectLogicFunction) {
      hooks.set(provider.onDisconnectLogicFunction.universalIdentifier, {
        provider: provider.name,
        hook: 'onDisconnect',
      });
    }
  }
  return manifest.logicFunctions.map((fn) => ({
    id: fn.universalIdentifier,
    name: fn.name ?? fn.universalIdentifier,
    description: fn.description ?? '',
    timeoutSeconds: fn.timeoutSeconds,
    triggers: {
      ...(fn.toolTriggerSettings
        ? {
            tool: {
              toolName: toolName(fn),
              inputSchema: fn.toolTriggerSettings.inputSchema ?? { type: 'object' },
            },
          }
        : {}),
      ...(fn.httpRouteTriggerSettings
        ? {
            route: {
              path: fn.httpRouteTriggerSettings.path,
              httpMethod: fn.httpRouteTriggerSettings.httpMethod,
              isAuthRequired: fn.httpRouteTriggerSettings.isAuthRequired,
            },
          }
        : {}),
      ...(fn.serverRouteTriggerSettings
        ? {
            serverRoute: {
              url: `${services.ctx.baseUrl()}${SERVER_ROUTE_PREFIX}${fn.universalIdentifier}`,
              httpMethods: fn.serverRouteTriggerSettings.httpMethods ?? ['POST'],
              forwardedRequestHeaders: fn.serverRouteTriggerSettings.forwardedRequestHeaders ?? [],
            },
          }
        : {}),
      ...(fn.cronTriggerSettings
        ? { cron: { pattern: fn.cronTriggerSettings.pattern, nextRunAt: services.triggers.nextCronRun(fn) } }
        : {}),
      ...(fn.databaseEventTriggerSettings
        ? {
            databaseEvent: {
              eventName: fn.databaseEventTriggerSettings.eventName,
              updatedFields: fn.databaseEventTriggerSettings.updatedFields ?? null,
            },
          }
        : {}),
      ...(hooks.has(fn.universalIdentifier) ? { connection: hooks.get(fn.universalIdentifier) } : {}),
    },
  }));
};

export const getState = (services: Services, url: URL): Response => {
  const { ctx } = services;
  const member = requireMember(services, url.searchParams.get('member'));
  const { manifest } = ctx.app;
  const serverValues = ctx.records.serverVariables();
  const appValues = ctx.records.applicationVariables();
  const connections = ctx.connections
    .list()
    .filter((c) => c.visibility === 'workspace' || c.userWorkspaceId === member.userWorkspaceId)
    .map((c) => ({
      id: c.id,
      providerName: c.provider,
      name: c.name,
      visibility: c.visibility,
      mine: c.userWorkspaceId === member.userWorkspaceId,
      ownerName: ctx.members.byUserWorkspaceId(c.userWorkspaceId)?.name ?? null,
      handle: c.handle,
      account: ctx.records.kvGet(`connection-identity:${c.id}`, 'WORKSPACE'),
      scopes: c.scopes,
      authFailedAt: c.authFailedAt,
      authFailedReason: c.authFailedReason,
      expiresAt: c.expiresAt,
      createdAt: c.createdAt,
    }));
  const sandbox = ctx.bridge
    ? Object.fromEntries(
        Object.entries(ctx.bridge.sandboxes).map(([name, sandbox]) => [name, sandbox.view()]),
      )
    : null;
  return Response.json({
    providers: connectionProvidersInAppOrder(manifest).map((provider) => ({
      name: provider.name,
      displayName: provider.displayName,
      configured: providerCredentials(ctx, provider) !== null,
      clientIdVariable: provider.oauth.clientIdVariable,
      clientSecretVariable: provider.oauth.clientSecretVariable,
      scopes: provider.oauth.scopes,
      callbackUrls: callbackUrls(ctx),
    })),
    serverVariables: Object.entries(manifest.application.serverVariables).map(([name, definition]) => ({
      name,
      description: definition.description ?? '',
      isSecret: definition.isSecret ?? false,
      isRequired: definition.isRequired ?? false,
      isSet: serverValues.has(name),
      ...(definition.isSecret ? {} : { value: serverValues.get(name) ?? null }),
    })),
    applicationVariables: Object.entries(manifest.application.applicationVariables).map(
      ([name, definition]) => ({
        name,
        description: definition.description ?? '',
        isSecret: definition.isSecret ?? false,
        value: definition.isSecret ? null : (appValues.get(name) ?? definition.value ?? null),
      }),
    ),
    connections,
    functions: functionView(services),
    build: services.build(),
    sandbox,
  });
};

const valuesSchema = z.object({ values: z.record(z.string(), z.string()) });

export const putServerVariables = async (services: Services, request: Request): Promise<Response> => {
  const { ctx } = services;
  const { values } = await readJson(request, valuesSchema);
  const declared = ctx.app.manifest.application.serverVariables;
  // Own keys only: `constructor` or `__proto__` are not variables because every object inherits them.
  const unknown = Object.keys(values).filter((name) => !Object.hasOwn(declared, name));
  if (unknown.length > 0)
    throw new HttpError('BAD_REQUEST', `Unknown server variables: ${unknown.join(', ')}.`);
  ctx.records.setServerVariables(values, (name) => declared[name]?.isSecret ?? false);
  registerSandboxClients(services);
  return Response.json({ ok: true });
};

export const putApplicationVariables = async (services: Services, request: Request): Promise<Response> => {
  const { ctx } = services;
  const { values } = await readJson(request, valuesSchema);
  const declared = ctx.app.manifest.application.applicationVariables;
  const unknown = Object.keys(values).filter((name) => !Object.hasOwn(declared, name));
  if (unknown.length > 0)
    throw new HttpError('BAD_REQUEST', `Unknown application variables: ${unknown.join(', ')}.`);
  ctx.records.setApplicationVariables(values);
  return Response.json({ ok: true });
};

/**
 * Sandbox mode: each provider's sandbox learns the OAuth app the admin filled in, as the real one would: its
 * client id/secret and the runtime's callback URLs as the app's registered redirect URLs, so its consent
 * page redirects there and nowhere else; and the Linear app's webhook URL (`SandboxBridge.wireWebhooks`).
 */
export const registerSandboxClients = (services: Services): void => {
  const { ctx } = services;
  if (!ctx.bridge) return;
  for (const provider of ctx.app.manifest.connectionProviders) {
    const sandbox = ctx.bridge.forProvider(provider.name);
    const credentials = providerCredentials(ctx, provider);
    if (sandbox && credentials) {
      sandbox.registerClient({ ...credentials, redirectUris: callbackUrls(ctx) });
      ctx.bridge.touched(sandbox);
    }
  }
  ctx.bridge.wireWebhooks(ctx.app.manifest.logicFunctions);
};
