import { z } from 'zod';
import { ConnectionError } from '../connections/connection-service.ts';
import { HttpError, readJson } from './http-errors.ts';
import { requireMember, type Services } from './services.ts';

const addSchema = z.object({
  member: z.string().min(1),
  provider: z.string().min(1),
  visibility: z.enum(['user', 'workspace']),
  name: z.string().trim().min(1).max(100).optional(),
});

export const postConnection = async (services: Services, request: Request): Promise<Response> => {
  const body = await readJson(request, addSchema);
  const member = requireMember(services, body.member);
  services.connections.assertCanManage(body.visibility, member, 'add');
  const authorizeUrl = services.connections.startAuthorization({
    member,
    provider: body.provider,
    visibility: body.visibility,
    name: body.name ?? null,
    reconnectId: null,
  });
  return Response.json({ authorizeUrl });
};

export const postReconnect = async (services: Services, request: Request, id: string): Promise<Response> => {
  const body = await readJson(request, z.object({ member: z.string().min(1) }));
  const member = requireMember(services, body.member);
  const connection = services.connections.assertVisibleTo(services.ctx.connections.get(id), member);
  services.connections.assertCanManage(connection.visibility, member, 'reconnect');
  const authorizeUrl = services.connections.startAuthorization({
    member,
    provider: connection.provider,
    visibility: connection.visibility,
    name: connection.name,
    reconnectId: connection.id,
  });
  return Response.json({ authorizeUrl });
};

export const patchConnection = async (
  services: Services,
  request: Request,
  id: string,
): Promise<Response> => {
  const body = await readJson(
    request,
    z.object({ member: z.string().min(1), name: z.string().trim().min(1).max(100) }),
  );
  const member = requireMember(services, body.member);
  const connection = services.connections.assertVisibleTo(services.ctx.connections.get(id), member);
  services.ctx.connections.rename(connection.id, body.name);
  return Response.json({ ok: true });
};

export const deleteConnection = async (services: Services, url: URL, id: string): Promise<Response> => {
  const member = requireMember(services, url.searchParams.get('member'));
  const connection = services.connections.assertVisibleTo(services.ctx.connections.get(id), member);
  services.connections.assertCanManage(connection.visibility, member, 'disconnect');
  const revoked = await services.connections.disconnect(connection);
  return Response.json({ ok: true, revoked });
};

/** `/apps/oauth/callback` and `/auth/apps/callback`: only ever redirects to the console, relatively. */
export const oauthCallback = async (services: Services, url: URL): Promise<Response> => {
  const redirect = (query: Record<string, string>) =>
    new Response(null, {
      status: 302,
      headers: { location: `/?${new URLSearchParams(query)}`, 'cache-control': 'no-store' },
    });
  try {
    const id = await services.connections.complete(url);
    return redirect({ connected: id });
  } catch (error) {
    const message =
      error instanceof ConnectionError ? error.message : 'The connection could not be completed.';
    if (!(error instanceof ConnectionError))
      services.ctx.log(`OAuth callback failed: ${(error as Error).message}`);
    return redirect({ connectionError: message });
  }
};

export const toHttpError = (error: unknown): HttpError | null => {
  if (error instanceof HttpError) return error;
  if (error instanceof ConnectionError) return new HttpError(error.code, error.message);
  return null;
};
