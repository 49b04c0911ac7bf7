import { defineLogicFunction } from 'twenty-sdk/define';
import { toolHandler } from '../../core/handlers';
import { objectInput, toInputSchema } from '../../core/input';
import { openSession } from '../../core/session';
import { connectionArgument } from '../../core/tool-args';
import { listTeams } from '../../providers/linear/linear.issues';
import { linear } from '../../providers/linear/linear.provider';

const TIMEOUT_SECONDS = 30;
const input = objectInput({ connection: connectionArgument(linear) });

export default defineLogicFunction({
  universalIdentifier: '9e7d5eb3-3434-4de6-8401-5530132875cf',
  name: 'linear-list-teams',
  description:
    'List the Linear teams the connection can see, with their id, key (e.g. ENG) and name. Use it to find ' +
    'the team for linear-create-issue or to scope linear-search-issues.',
  timeoutSeconds: TIMEOUT_SECONDS,
  toolTriggerSettings: { inputSchema: toInputSchema(input) },
  handler: toolHandler({
    input,
    timeoutSeconds: TIMEOUT_SECONDS,
    run: async (args, run) => {
      const session = await openSession(run, linear, args.connection);
      return { connection: session.label, teams: await listTeams(session) };
    },
  }),
});
