import { z } from 'zod';
import { registerSandboxClients } from './api-state.ts';
import { HttpError, readJson } from './http-errors.ts';
import type { Services } from './services.ts';

const failSchema = z.object({
  kind: z.enum(['rate-limit', 'server-error', 'auth', 'network']),
  retryAfterSeconds: z.number().int().positive().optional(),
  operation: z.string().optional(),
});

/**
 * `/api/sandbox/:provider/:action`: test and console controls over a sandbox provider: `fail`, `revoke-all`,
 * `expire`, `reset` for every provider, and the provider's own (`Sandbox.control`; Linear: `webhook`,
 * `issue-update`, `comment`, `deliveries`, `redeliver`).
 */
export const sandboxControl = async (
  services: Services,
  request: Request,
  providerName: string,
  action: string,
): Promise<Response> => {
  const { ctx } = services;
  if (!ctx.bridge) throw new HttpError('CONFLICT', 'Sandbox controls exist only in sandbox mode.');
  const sandbox = ctx.bridge.forProvider(providerName);
  if (!sandbox) throw new HttpError('NOT_FOUND', `No sandbox for "${providerName}".`);
  switch (action) {
    case 'fail': {
      const failure = await readJson(request, failSchema);
      sandbox.failNext(failure);
      break;
    }
    case 'revoke-all':
      for (const connection of ctx.connections.list({ provider: providerName })) {
        sandbox.revokeToken(connection.accessToken);
        if (connection.refreshToken) sandbox.revokeToken(connection.refreshToken);
      }
      break;
    case 'expire':
      // The provider expires its tokens; the runtime sees the same lifetime run out (stored expiry passed,
      // tokens older than an hour), so the next read refreshes them as it would after a real expiry.
      sandbox.expireAccessTokens();
      ctx.connections.markTokensExpired(providerName);
      break;
    case 'reset':
      sandbox.reset();
      // The admin's OAuth app is configuration, not sandbox data: register it again.
      registerSandboxClients(services);
      break;
    default: {
      // Provider-specific controls (`Sandbox.control`): Linear's webhook settings, a person's changes, deliveries.
      const input = await readJson(request, z.record(z.string(), z.unknown()));
      const result = await sandbox.control?.(action, input).catch((error: unknown) => {
        throw controlError(error);
      });
      if (!result) throw new HttpError('NOT_FOUND', `Unknown sandbox action "${action}".`);
      ctx.bridge.touched(sandbox);
      // `useDefaultUrl` hands the webhook URL back to the default wiring.
      if (action === 'webhook') ctx.bridge.wireWebhooks(ctx.app.manifest.logicFunctions);
      return Response.json({ ok: true, ...result });
    }
  }
  ctx.bridge.touched(sandbox);
  return Response.json({ ok: true });
};

/** A sandbox's `SandboxControlError` (matched by name: the sandboxes load by path) → the runtime's error shape. */
const controlError = (error: unknown): unknown => {
  if (!(error instanceof Error) || error.name !== 'SandboxControlError') return error;
  const status = (error as Error & { status?: number }).status;
  return new HttpError(
    status === 404 ? 'NOT_FOUND' : status === 409 ? 'CONFLICT' : 'BAD_REQUEST',
    error.message,
  );
};
