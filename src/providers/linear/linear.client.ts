import { send } from '../../core/http';
import type { Session } from '../../core/session';
import { classifyLinear } from './linear.errors';

const LINEAR_GRAPHQL = 'https://api.linear.app/graphql';

/**
 * Runs one GraphQL operation. User text only ever travels in `variables`: documents are constants.
 * `idempotent` marks reads and writes carrying a client-generated id (safe to resend after a timeout).
 */
export const linearGraphql = async <T>(
  session: Session,
  request: { operation: string; query: string; variables?: Record<string, unknown>; idempotent: boolean },
): Promise<T> => {
  const { body } = await send(
    session,
    {
      operation: request.operation,
      method: 'POST',
      url: LINEAR_GRAPHQL,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
      idempotent: request.idempotent,
    },
    classifyLinear,
  );
  return (body as { data: T }).data;
};

export type PageInfo = { hasNextPage: boolean; endCursor: string | null };

/** Follows Relay cursors until `limit` nodes or the last page (Linear's default page is 50). */
export const linearPaginate = async <N>(
  session: Session,
  request: { operation: string; query: string; variables?: Record<string, unknown>; limit: number },
  pick: (data: unknown) => { nodes: N[]; pageInfo: PageInfo },
): Promise<N[]> => {
  const nodes: N[] = [];
  let after: string | null = null;
  do {
    const first = Math.min(50, request.limit - nodes.length);
    const data = await linearGraphql<unknown>(session, {
      ...request,
      variables: { ...request.variables, first, after },
      idempotent: true,
    });
    const page = pick(data);
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && nodes.length < request.limit);
  return nodes.slice(0, request.limit);
};

export const VIEWER_QUERY =
  'query TwentyConnectViewer { viewer { id name displayName email } organization { id name urlKey } }';

export type LinearViewer = {
  viewer: { id: string; name: string; displayName: string; email: string };
  organization: { id: string; name: string; urlKey: string };
};
