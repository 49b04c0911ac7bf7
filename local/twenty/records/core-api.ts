import type { DocumentNode, GraphQLSchema } from 'graphql';
import { graphql } from '../metadata/metadata-graphql.ts';
import { BodyTooLargeError, parseGraphqlBody, readBodyText } from '../request-limits.ts';
import type { CoreContext, RecordEvent } from './core-schema.ts';
import type { Permissions } from './object-model.ts';

const { GraphQLError, Kind, execute, parse, validate } = graphql;
type GraphQLError = InstanceType<typeof GraphQLError>;

/** Selections nest at most this deep (a relation loop cannot make one request walk the whole workspace). */
export const MAX_QUERY_DEPTH = 8;

const reply = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const error = (status: number, message: string, code: string) =>
  reply(status, { errors: [{ message, extensions: { code } }] });

const depthRule = (context: import('graphql').ValidationContext) => {
  const fragments = new Map(
    context
      .getDocument()
      .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const depth = (set: import('graphql').SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, 1 + depth(selection.selectionSet, seen));
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        deepest = Math.max(deepest, depth(selection.selectionSet, seen));
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        deepest = Math.max(deepest, depth(fragment?.selectionSet, new Set([...seen, selection.name.value])));
      }
    }
    return deepest;
  };
  return {
    OperationDefinition(node: import('graphql').OperationDefinitionNode) {
      if (depth(node.selectionSet, new Set()) > MAX_QUERY_DEPTH)
        context.reportError(new GraphQLError(`The query nests deeper than ${MAX_QUERY_DEPTH} levels`));
    },
  };
};

/**
 * `POST /graphql`: Twenty's core API for the records. Auth as Twenty's GraphQL middleware answers it
 * (twenty-server `src/engine/middlewares/middleware.service.ts` `writeGraphqlResponseOnExceptionCaught`: HTTP 200
 * with `{ errors: [AuthenticationError] }`; an unknown token is `AuthException('Token invalid.', UNAUTHENTICATED)`
 * in `src/engine/core-modules/jwt/services/jwt-wrapper.service.ts`). The app's tokens act with the app's role;
 * the workspace API key with every permission (the emulated workspace's API key has the admin role).
 * Documents are parsed and validated once per schema and run with graphql-js `execute`: graphql-jit (used by
 * `/metadata`) compiles a variables parser that expands input types, and the filter inputs here are recursive
 * (`and`/`or`/`not`), which ran it out of memory.
 */
export const createCoreApi = (options: {
  schema: () => GraphQLSchema;
  permissionsFor: (token: string) => Permissions | null;
  onEvents: (events: RecordEvent[]) => void;
}) => {
  let compiledFor: { schema: GraphQLSchema; documents: Map<string, DocumentNode> } | null = null;
  const compile = (query: string): DocumentNode | readonly GraphQLError[] => {
    const schema = options.schema();
    if (compiledFor?.schema !== schema) compiledFor = { schema, documents: new Map() };
    const key = query;
    const cached = compiledFor.documents.get(key);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: 5000 });
    } catch (parseError) {
      return [parseError as GraphQLError];
    }
    const errors = validate(schema, document, [...graphql.specifiedRules, depthRule]);
    if (errors.length > 0) return errors;
    if (compiledFor.documents.size < 500) compiledFor.documents.set(key, document);
    return document;
  };

  return async (request: Request): Promise<Response> => {
    const token = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
    const permissions = token ? options.permissionsFor(token) : null;
    if (!permissions) return error(200, 'Token invalid.', 'UNAUTHENTICATED');
    let text: string;
    try {
      text = await readBodyText(request);
    } catch (failure) {
      if (!(failure instanceof BodyTooLargeError)) throw failure;
      return error(413, failure.message, 'BAD_USER_INPUT');
    }
    const body = parseGraphqlBody(text);
    if ('problem' in body) return error(400, body.problem, 'BAD_USER_INPUT');
    const document = compile(body.query);
    if (Array.isArray(document)) return reply(400, { errors: document.map((e) => e.toJSON()) });
    const context: CoreContext = { permissions, events: [] };
    const result = await execute({
      schema: options.schema(),
      document: document as DocumentNode,
      contextValue: context,
      variableValues: body.variables,
      operationName: body.operationName,
    });
    if (context.events.length > 0) options.onEvents(context.events);
    return reply(200, result);
  };
};
