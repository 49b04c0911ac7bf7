import type { DocumentNode, GraphQLSchema } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { ConnectionService } from '../connections/connection-service.ts';
import { buildObjectModel, type ObjectModel } from '../records/object-model.ts';
import { timelineTypes } from '../records/timeline.ts';
import { BodyTooLargeError, parseGraphqlBody, readBodyText } from '../request-limits.ts';
import type { RuntimeContext } from '../runtime-context.ts';
import type { Connection } from '../storage/connections.ts';
import { WORKSPACE_ID } from '../storage/members.ts';
import { graphql } from './metadata-graphql.ts';
import { createMetadataSchema } from './metadata-schema.ts';

const { GraphQLError, parse, validate } = graphql;
type GraphQLError = InstanceType<typeof GraphQLError>;

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

// biome-ignore lint/suspicious/noExplicitAny: each root field has its own argument shape
type Resolver = (args: any) => unknown;

/** Root fields resolve from `rootValue[name](args)`, set on the schema (graphql-jit calls field resolvers). */
const attachResolvers = (schema: GraphQLSchema, rootValue: Record<string, Resolver>) => {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const resolve = rootValue[field.name];
      if (!resolve) throw new Error(`No resolver for /metadata field ${field.name}`);
      field.resolve = (_root, args) => resolve(args);
    }
  }
};

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
  const documents = new Map<string, CompiledQuery>();
  const { refresher } = connections;

  let objectModel: { manifest: unknown; model: ObjectModel } | null = null;
  const currentModel = () => {
    if (objectModel?.manifest !== ctx.app.manifest)
      objectModel = { manifest: ctx.app.manifest, model: buildObjectModel(ctx.app.manifest) };
    return objectModel.model;
  };
  type IdFilter = { eq?: string | null; neq?: string | null; in?: string[] | null; notIn?: string[] | null };
  const matches = (value: string, filter?: IdFilter | null) =>
    !filter ||
    ((filter.eq == null || value === filter.eq) &&
      (filter.neq == null || value !== filter.neq) &&
      (filter.in == null || filter.in.includes(value)) &&
      (filter.notIn == null || !filter.notIn.includes(value)));

  const rootValue: Record<string, Resolver> = {
    // The app's timeline activity types from the build (the runtime keeps no separate ids: id = universalIdentifier).
    timelineActivityTypes: () => timelineTypes(ctx.app.manifest).map((type) => ({ ...type, isActive: true })),
    objects: ({
      paging,
      filter,
    }: {
      paging: { first?: number | null };
      filter: { id?: IdFilter | null; universalIdentifier?: IdFilter | null };
    }) => {
      const rows = currentModel()
        .objects.filter(
          (object) =>
            matches(object.universalIdentifier, filter.id) &&
            matches(object.universalIdentifier, filter.universalIdentifier),
        )
        .map((object) => ({
          id: object.universalIdentifier,
          universalIdentifier: object.universalIdentifier,
          nameSingular: object.nameSingular,
          namePlural: object.namePlural,
          labelSingular: object.labelSingular,
        }));
      const first = Math.max(0, Math.min(paging.first ?? 100, 1000));
      return {
        edges: rows.slice(0, first).map((node) => ({ node, cursor: node.id })),
        totalCount: rows.length,
      };
    },
    // Synchronous unless a row is due for a refresh: graphql-js then completes without a promise per field.
    appConnections: ({ filter }: { filter?: Filter | null }) => {
      const rows = ctx.connections
        .list(filter?.providerName ? { provider: filter.providerName } : {})
        .filter((row) => !filter?.userWorkspaceId || row.userWorkspaceId === filter.userWorkspaceId)
        .filter((row) => !filter?.visibility || row.visibility === filter.visibility);
      if (!rows.some((row) => refresher.needsRefresh(row))) return rows.map(toAppConnection);
      // Twenty-exact mode: a row whose refresh failed is left out (`read` gives null), as Twenty does.
      return Promise.all(rows.map((row) => refresher.read(row))).then((read) =>
        read.filter((row): row is Connection => row !== null).map(toAppConnection),
      );
    },
    appConnection: ({ id }: { id: string }) => {
      const row = ctx.connections.get(id);
      if (!row)
        throw new GraphQLError(`App connection ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
      if (!refresher.needsRefresh(row)) return toAppConnection(row);
      return refresher.read(row).then((read) => {
        if (!read) {
          // Twenty's wording (application-connections-list.service.ts `getOne`).
          throw new GraphQLError(`Connection ${id} could not be refreshed; ask the user to reconnect`, {
            extensions: { code: 'NOT_FOUND' },
          });
        }
        return toAppConnection(read);
      });
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
    // SERVER scope = claims (twentyhq/twenty `application-key-value.service.ts`@1524ac1, docs/events-sources.md §A3): `set`
    // ignores the value and claims the key for the caller's workspace, FORBIDDEN when another holds it; `get`
    // answers the claimant; `delete` only by the claimant. The app token's workspace is the runtime's one.
    setAppKeyValue: ({ input }: { input: { key: string; value: unknown; scope?: string | null } }) => {
      if (input.scope === 'SERVER') {
        const claimant = ctx.records.kvClaim(input.key, WORKSPACE_ID);
        if (claimant !== WORKSPACE_ID) {
          throw new GraphQLError(`Server key "${input.key}" is already claimed by another workspace`, {
            extensions: {
              code: 'FORBIDDEN',
              userFriendlyMessage: 'This server key is already claimed by another workspace.',
            },
          });
        }
        return { key: input.key, value: claimant, scope: 'SERVER' };
      }
      ctx.records.kvSet(input.key, input.scope ?? 'WORKSPACE', input.value);
      return { key: input.key, value: input.value ?? null, scope: input.scope ?? 'WORKSPACE' };
    },
    deleteAppKeyValue: ({ key, scope }: { key: string; scope?: string | null }) =>
      scope === 'SERVER'
        ? ctx.records.kvRelease(key, WORKSPACE_ID)
        : ctx.records.kvDelete(key, scope ?? 'WORKSPACE'),
  };

  attachResolvers(schema, rootValue);

  /**
   * Parsed, validated and compiled once per document: the SDK sends the same few documents on every call, and
   * graphql-jit's compiled form runs them several times faster than `execute` (variables are still coerced
   * and checked against the schema on every call).
   */
  const compiledFor = (query: string, operationName: string | undefined) => {
    const key = `${operationName ?? ''}\n${query}`;
    const cached = documents.get(key);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(schema, document);
    if (errors.length > 0) return errors;
    const compiled = compileQuery(schema, document, operationName);
    if (!isCompiledQuery(compiled)) return compiled.errors ?? [new GraphQLError('Cannot run this document')];
    if (documents.size < 500) documents.set(key, compiled);
    return compiled;
  };

  /**
   * The endpoint on raw strings, behind both `handle` (the front door's `/metadata` route) and the Node shell's
   * shortcut for it (see `listen` in node-adapter.ts). The body is read only once the app token is checked, so a
   * caller without it cannot make the runtime buffer anything; a body over the limit is a GraphQL 413.
   */
  const handleRaw = async (
    authorization: string | null,
    readText: string | (() => Promise<string>),
  ): Promise<RawReply> => {
    const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (token !== ctx.secrets.appToken && token !== ctx.secrets.appUserToken) {
      return graphqlError(401, 'Invalid or missing app token', 'UNAUTHENTICATED');
    }
    let text: string;
    try {
      text = typeof readText === 'string' ? readText : await readText();
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return graphqlError(413, error.message, 'BAD_USER_INPUT');
    }
    const body = parseGraphqlBody(text);
    if ('problem' in body) return graphqlError(400, body.problem, 'BAD_USER_INPUT');
    const compiled = compiledFor(body.query, body.operationName);
    if (Array.isArray(compiled)) {
      return { status: 400, body: JSON.stringify({ errors: compiled.map((e) => e.toJSON()) }) };
    }
    const result = await (compiled as CompiledQuery).query(undefined, undefined, body.variables);
    return { status: 200, body: JSON.stringify(result) };
  };

  /** `POST /metadata` as the runtime's front door calls it; the body is read within the size limit. */
  const handle = async (request: Request): Promise<Response> => {
    const reply = await handleRaw(request.headers.get('authorization'), () => readBodyText(request));
    return new Response(reply.body, {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { handle, handleRaw };
};
