import { z } from 'zod';
import { runHealthCheck } from '../functions/health-check.ts';
import { WORKSPACE_ID } from '../storage/members.ts';
import { HttpError, readJson } from './http-errors.ts';
import type { Services } from './services.ts';

/**
 * The SERVER kv claims (a claim registry on Twenty: the value is the claiming workspace's id, docs/events-sources.md §A3).
 * The runtime has one workspace; this is how a test or a person makes "another workspace" hold a key.
 */
export const getServerKv = (services: Services): Response =>
  Response.json({ workspaceId: WORKSPACE_ID, claims: services.ctx.records.kvClaims() });

const claimSchema = z.object({ key: z.string().min(1).max(512), workspaceId: z.uuid() });

/** `PUT /api/server-kv` `{ key, workspaceId }`: that workspace claims the key, first come as on Twenty (409 if held). */
export const putServerKv = async (services: Services, request: Request): Promise<Response> => {
  const { key, workspaceId } = await readJson(request, claimSchema);
  const claimant = services.ctx.records.kvClaim(key, workspaceId);
  if (claimant !== workspaceId) {
    throw new HttpError(
      'CONFLICT',
      `Server key "${key}" is already claimed by workspace ${String(claimant)}.`,
    );
  }
  return Response.json({ key, workspaceId });
};

/** `DELETE /api/server-kv?key=`: releases the key whoever holds it (the admin's hand, not the app's). */
export const deleteServerKv = (services: Services, url: URL): Response => {
  const key = url.searchParams.get('key');
  if (!key) throw new HttpError('BAD_REQUEST', '"key" is required.');
  return Response.json({ ok: true, removed: services.ctx.records.kvDelete(key, 'SERVER') });
};

/**
 * `POST /api/health-check` → `{ status, message, action: { label, location } | null, runId }` read as current
 * Twenty reads it (`UNKNOWN` for a throw, a timeout or an unreadable result); 404 when the app has no health check.
 */
export const postHealthCheck = async (services: Services): Promise<Response> => {
  const report = await runHealthCheck(services.ctx, services.runner);
  if (!report) throw new HttpError('NOT_FOUND', 'The app defines no health check (defineHealthCheck).');
  return Response.json(report);
};
