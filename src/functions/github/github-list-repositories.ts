import { defineLogicFunction } from 'twenty-sdk/define';
import { toolHandler } from '../../core/handlers';
import { objectInput, toInputSchema } from '../../core/input';
import { openSession } from '../../core/session';
import { limitArgument } from '../../core/tool-args';
import { listRepositories } from '../../providers/github/github.issues';
import { github } from '../../providers/github/github.provider';
import { githubConnection } from './inputs';

const TIMEOUT_SECONDS = 30;
const input = objectInput({ limit: limitArgument(500, 100), connection: githubConnection });

export default defineLogicFunction({
  universalIdentifier: '69d96178-089f-4f57-aa97-7f4ececd4c70',
  name: 'github-list-repositories',
  description:
    'List the GitHub repositories the connection can see (owned, collaborator and organization), most recently ' +
    'updated first, as "owner/name" with visibility and URL.',
  timeoutSeconds: TIMEOUT_SECONDS,
  toolTriggerSettings: { inputSchema: toInputSchema(input) },
  handler: toolHandler({
    input,
    timeoutSeconds: TIMEOUT_SECONDS,
    run: async ({ connection, limit }, run) => {
      const session = await openSession(run, github, connection);
      return { connection: session.label, repositories: await listRepositories(session, limit ?? 100) };
    },
  }),
});
