import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { objectInput } from '../../core/input';
import { openSession } from '../../core/session';
import { limitArgument } from '../../core/tool-args';
import { listRepositories } from '../../providers/github/github.issues';
import { github } from '../../providers/github/github.provider';
import { githubConnection } from './inputs';

const input = objectInput({ limit: limitArgument(500, 100), connection: githubConnection });

export default defineLogicFunction(
  tool({
    universalIdentifier: '69d96178-089f-4f57-aa97-7f4ececd4c70',
    name: 'github-list-repositories',
    description:
      'List the GitHub repositories the connection can see (owned, collaborator and organization), most recently ' +
      'updated first, as "owner/name" with visibility and URL.',
    input,
    timeoutSeconds: 30,
    run: async ({ connection, limit }, run) => {
      const session = await openSession(run, github, connection);
      return { connection: session.label, repositories: await listRepositories(session, limit ?? 100) };
    },
  }),
);
