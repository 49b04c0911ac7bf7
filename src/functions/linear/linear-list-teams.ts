import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { objectInput } from '../../core/input';
import { openSession } from '../../core/session';
import { connectionArgument } from '../../core/tool-args';
import { listTeams } from '../../providers/linear/linear.issues';
import { linear } from '../../providers/linear/linear.provider';

const input = objectInput({ connection: connectionArgument(linear) });

export default defineLogicFunction(
  tool({
    universalIdentifier: '9e7d5eb3-3434-4de6-8401-5530132875cf',
    name: 'linear-list-teams',
    description:
      'List the Linear teams the connection can see, with their id, key (e.g. ENG) and name. Use it to find ' +
      'the team for linear-create-issue or to scope linear-search-issues.',
    input,
    timeoutSeconds: 30,
    run: async (args, run) => {
      const session = await openSession(run, linear, args.connection);
      return { connection: session.label, teams: await listTeams(session) };
    },
  }),
);
