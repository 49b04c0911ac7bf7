import type { McpService } from '../../mcp/mcp-service.ts';
import type { BuildStatus } from '../build/dev-loop.ts';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { FunctionRunner } from '../functions/function-runner.ts';
import type { TriggerService } from '../functions/trigger-service.ts';
import type { WorkerPool } from '../functions/worker-pool.ts';
import type { RecordsService } from '../records/records-service.ts';
import type { RuntimeContext } from '../runtime-context.ts';
import type { Member } from '../storage/members.ts';
import { HttpError } from './http-errors.ts';

export type Services = {
  ctx: RuntimeContext;
  connections: ConnectionService;
  runner: FunctionRunner;
  pool: WorkerPool;
  triggers: TriggerService;
  metadata: (request: Request) => Promise<Response>;
  /** Workspace records: the store, the object model and the `/graphql` core API. */
  records: RecordsService;
  consoleDir: string;
  version: string;
  /** The app's build: building, ready or failed (the last good build keeps serving), and whether saves rebuild. */
  build: () => BuildStatus;
  /** The MCP endpoint and its authorization server (set once the runtime listens and knows its URL). */
  mcp: McpService | null;
  /** While the MCP door loads (just after start-up): resolves to it, or null if it failed to start. */
  mcpStarting: Promise<McpService | null> | null;
};

export const requireMember = (services: Services, id: unknown): Member => {
  if (typeof id !== 'string' || id === '') throw new HttpError('BAD_REQUEST', '"member" is required.');
  const member = services.ctx.members.byId(id);
  if (!member) throw new HttpError('BAD_REQUEST', `Unknown member "${id}".`);
  return member;
};
