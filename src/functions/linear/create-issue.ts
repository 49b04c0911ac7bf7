import * as z from 'zod/mini';
import { described, integer, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { openSession } from '../../core/session';
import { connectionArgument } from '../../core/tool-args';
import { createIssue, resolveTeam } from '../../providers/linear/linear.issues';
import { linear } from '../../providers/linear/linear.provider';

/** One input shape for the create-issue tool and the `POST /linear/issues` route. */
export const createIssueInput = objectInput({
  team: described(text(1000), 'Team key (e.g. ENG) or team id. See linear-list-teams.'),
  title: described(text(255), 'Issue title, one line.'),
  description: z.optional(described(text(100_000), 'Issue description, in Markdown.')),
  priority: z.optional(described(integer(0, 4), 'Priority: 0 none, 1 urgent, 2 high, 3 medium, 4 low.')),
  connection: connectionArgument(linear),
});

export const createLinearIssue = async (input: Parsed<typeof createIssueInput.shape>, run: Run) => {
  const session = await openSession(run, linear, input.connection);
  const team = await resolveTeam(session, input.team);
  const issue = await createIssue(session, {
    teamId: team.id,
    title: input.title,
    description: input.description,
    priority: input.priority,
  });
  return { connection: session.label, issue };
};
