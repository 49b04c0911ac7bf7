import type { FunctionRunner } from '../twenty/functions/function-runner.ts';
import type { TriggerService } from '../twenty/functions/trigger-service.ts';
import type { RuntimeContext } from '../twenty/runtime-context.ts';

/** What the MCP door needs from the runtime: its context, the functions it lists and runs, and its version. */
export type McpDeps = {
  ctx: RuntimeContext;
  runner: FunctionRunner;
  triggers: TriggerService;
  version: string;
};
