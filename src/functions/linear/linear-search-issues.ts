import { defineLogicFunction } from 'twenty-sdk/define';
import * as z from 'zod/mini';
import { tool } from '../../core/handlers';
import { described, objectInput, text } from '../../core/input';
import { openSession } from '../../core/session';
import { connectionArgument, limitArgument } from '../../core/tool-args';
import { resolveTeam, searchIssues } from '../../providers/linear/linear.issues';
import { linear } from '../../providers/linear/linear.provider';

const input = objectInput({
  query: described(text(1000), 'Words to search for in issue titles and descriptions.'),
  team: z.optional(described(z.string(), 'Only search this team (key like ENG, or id).')),
  limit: limitArgument(50, 10),
  connection: connectionArgument(linear),
});

export default defineLogicFunction(
  tool({
    universalIdentifier: '0e58646d-017b-48b6-84ee-575b145461c3',
    name: 'linear-search-issues',
    description:
      'Full-text search of Linear issues the connection can see. Returns identifier (e.g. ENG-42), title, state, ' +
      'assignee, priority and URL. Linear allows about 30 searches per minute.',
    input,
    timeoutSeconds: 30,
    run: async (args, run) => {
      const session = await openSession(run, linear, args.connection);
      const teamId = args.team ? (await resolveTeam(session, args.team)).id : undefined;
      const issues = await searchIssues(session, { query: args.query, teamId, limit: args.limit ?? 10 });
      return { connection: session.label, issues };
    },
  }),
);
