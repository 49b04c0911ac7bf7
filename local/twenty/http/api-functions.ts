import { z } from 'zod';
import { RunRefusedError } from '../functions/admission.ts';
import { busyResponse, serveRoute } from '../functions/route-trigger.ts';
import { HttpError, readJson } from './http-errors.ts';
import { requireMember, type Services } from './services.ts';

const row = z.record(z.string(), z.unknown()).nullable();

const runSchema = z.discriminatedUnion('trigger', [
  z.object({
    trigger: z.literal('tool'),
    member: z.string().nullable().optional(),
    input: z.unknown().optional(),
  }),
  z.object({
    trigger: z.literal('route'),
    auth: z.enum(['member', 'apiKey', 'none']).default('member'),
    member: z.string().optional(),
    body: z.unknown().optional(),
    query: z.record(z.string(), z.string()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    pathParameters: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ trigger: z.literal('cron') }),
  z.object({
    trigger: z.literal('databaseEvent'),
    event: z.object({
      eventName: z.string().optional(),
      recordId: z.string().optional(),
      before: row.default(null),
      after: row.default(null),
    }),
  }),
]);

export const runFunction = async (services: Services, request: Request, id: string): Promise<Response> => {
  const fn = services.runner.byId(id);
  if (!fn) throw new HttpError('NOT_FOUND', `No function with id ${id}.`);
  const body = await readJson(request, runSchema);
  switch (body.trigger) {
    case 'tool': {
      if (!fn.toolTriggerSettings) throw new HttpError('BAD_REQUEST', `${fn.name} is not a tool.`);
      const member = body.member ? requireMember(services, body.member) : null;
      try {
        return Response.json(await services.triggers.runTool(fn, member, body.input ?? {}));
      } catch (error) {
        // The tool did not run: 503 with retry-after and a message saying so (the console shows it).
        if (error instanceof RunRefusedError) return busyResponse(error, 503);
        throw error;
      }
    }
    case 'cron':
      if (!fn.cronTriggerSettings) throw new HttpError('BAD_REQUEST', `${fn.name} has no cron trigger.`);
      return Response.json(await services.triggers.runCron(fn));
    case 'databaseEvent': {
      if (!fn.databaseEventTriggerSettings)
        throw new HttpError('BAD_REQUEST', `${fn.name} has no database event trigger.`);
      return Response.json(await services.triggers.runDatabaseEvent(fn, body.event));
    }
    case 'route':
      return runRoute(services, fn.universalIdentifier, body);
  }
};

/** Calls the route through `/s<path>` exactly as an outside caller would, then reports the run. */
const runRoute = async (
  services: Services,
  id: string,
  body: Extract<z.infer<typeof runSchema>, { trigger: 'route' }>,
): Promise<Response> => {
  const { ctx } = services;
  const route = services.runner.byId(id)?.httpRouteTriggerSettings;
  if (!route) throw new HttpError('BAD_REQUEST', 'This function has no HTTP route.');
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
    encodeURIComponent(body.pathParameters?.[name] ?? name),
  );
  const url = new URL(`${ctx.baseUrl()}/s${path}`);
  for (const [key, value] of Object.entries(body.query ?? {})) url.searchParams.set(key, value);
  const headers = new Headers(body.headers);
  if (body.auth === 'member')
    headers.set('authorization', `Bearer ${requireMember(services, body.member).routeToken}`);
  if (body.auth === 'apiKey') headers.set('authorization', `Bearer ${ctx.secrets.apiKey}`);
  const method = route.httpMethod.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.body !== undefined;
  if (hasBody) headers.set('content-type', 'application/json');
  const response = await serveRoute(
    ctx,
    services.runner,
    new Request(url, { method, headers, ...(hasBody ? { body: JSON.stringify(body.body) } : {}) }),
  );
  const runId = response.headers.get('x-twenty-connect-run');
  const run = ctx.runs.recent(20).find((r) => r.runId === runId);
  if (!run) {
    const text = await response.text();
    return Response.json({
      ok: false,
      status: response.status,
      result: safeJson(text),
      logs: [],
      attempts: 0,
    });
  }
  return Response.json({ ...run, status: response.status });
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export const getRuns = (services: Services, url: URL): Response => {
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 500);
  return Response.json(services.ctx.runs.recent(limit));
};

const eventSchema = z.object({
  eventName: z.string().regex(/^[a-zA-Z][\w]*\.(created|updated|deleted|destroyed|restored|upserted)$/),
  recordId: z.string().optional(),
  before: row.default(null),
  after: row.default(null),
});

/** Extension: emit a database event; every function whose trigger matches runs. */
export const postEvent = async (services: Services, request: Request): Promise<Response> => {
  const event = await readJson(request, eventSchema);
  return Response.json({ runs: await services.triggers.emitDatabaseEvent(event) });
};
