import { type DocumentNode, execute, GraphQLError, parse, validate } from 'graphql';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { RuntimeContext } from '../runtime-context.ts';
import type { Connection } from '../storage/connections.ts';
import { createMetadataSchema } from './metadata-schema.ts';

type Filter = { providerName?: string | null; userWorkspaceId?: string | null; visibility?: string | null };

const toAppConnection = (connection: Connection) => ({
  id: connection.id,
  providerName: connection.provider,
  name: connection.name,
  handle: connection.handle,
  visibility: connection.visibility,
  userWorkspaceId: connection.userWorkspaceId,
  workspaceMemberId: connection.workspaceMemberId,
  accessToken: connection.accessToken,
  scopes: connection.scopes,
  authFailedAt: connection.authFailedAt,
  authFailedReason: connection.authFailedReason,
});

export type RawReply = { status: number; body: string };

const graphqlError = (status: number, message: string, code: string): RawReply => ({
  status,
  body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
});

/**
 * `POST /metadata` for the app token. Twenty's privacy semantics: the app token carries no user, so it sees
 * every connection of the app, other members' personal ones included; the app's own choice protects members.
 */
export const createMetadataEndpoint = (ctx: RuntimeContext, connections: ConnectionService) => {
  const schema = createMetadataSchema();
  const documents = new Map<string, DocumentNode>();

  const rootValue = {
    appConnections: async ({ filter }: { filter?: Filter | null }) => {
      const rows = ctx.connections
        .list(filter?.providerName ? { provider: filter.providerName } : {})
        .filter((row) => !filter?.userWorkspaceId || row.userWorkspaceId === filter.userWorkspaceId)
        .filter((row) => !filter?.visibility || row.visibility === filter.visibility);
      const fresh = await Promise.all(rows.map((row) => connections.refresher.fresh(row)));
      return fresh.map(toAppConnection);
    },
    appConnection: async ({ id }: { id: string }) => {
      const row = ctx.connections.get(id);
      if (!row)
        throw new GraphQLError(`App connection ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
      return toAppConnection(await connections.refresher.fresh(row));
    },
    reportAppConnectionAuthFailure: ({ input }: { input: { id: string; reason?: string | null } }) => {
      if (!ctx.connections.markAuthFailed(input.id, input.reason ?? 'Reported by the app')) {
        throw new GraphQLError(`App connection ${input.id} not found`, { extensions: { code: 'NOT_FOUND' } });
      }
      return true;
    },
    appKeyValue: ({ key, scope }: { key: string; scope?: string | null }) => {
      const value = ctx.records.kvGet(key, scope ?? 'WORKSPACE');
      return value === null ? null : { key, value, scope: scope ?? 'WORKSPACE' };
    },
    setAppKeyValue: ({ input }: { input: { key: string; value: unknown; scope?: string | null } }) => {
      ctx.records.kvSet(input.key, input.scope ?? 'WORKSPACE', input.value);
      return { key: input.key, value: input.value ?? null, scope: input.scope ?? 'WORKSPACE' };
    },
    deleteAppKeyValue: ({ key, scope }: { key: string; scope?: string | null }) =>
      ctx.records.kvDelete(key, scope ?? 'WORKSPACE'),
  };

  const documentFor = (query: string): DocumentNode | readonly GraphQLError[] => {
    const cached = documents.get(query);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(schema, document);
    if (errors.length > 0) return errors;
    if (documents.size < 500) documents.set(query, document);
    return document;
  };

  /** The endpoint on raw strings: the Node adapter calls it directly (it is the hottest path). */
  const handleRaw = async (authorization: string | null, text: string): Promise<RawReply> => {
    const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (token !== ctx.secrets.appToken && token !== ctx.secrets.appUserToken) {
      return graphqlError(401, 'Invalid or missing app token', 'UNAUTHENTICATED');
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return graphqlError(400, 'The body must be JSON: { query, variables }', 'BAD_USER_INPUT');
    }
    if (typeof body?.query !== 'string') return graphqlError(400, 'Missing "query"', 'BAD_USER_INPUT');
    const document = documentFor(body.query);
    if (Array.isArray(document)) {
      return { status: 400, body: JSON.stringify({ errors: document.map((e) => e.toJSON()) }) };
    }
    const result = await execute({
      schema,
      document: document as DocumentNode,
      rootValue,
      variableValues: (body.variables as Record<string, unknown> | undefined) ?? {},
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    });
    return { status: 200, body: JSON.stringify(result) };
  };

  const handle = async (request: Request): Promise<Response> => {
    const reply = await handleRaw(request.headers.get('authorization'), await request.text());
    return new Response(reply.body, {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { handle, handleRaw };
};
