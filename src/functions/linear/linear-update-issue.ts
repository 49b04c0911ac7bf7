import { defineLogicFunction } from 'twenty-sdk/define';
import * as z from 'zod/mini';
import { tool } from '../../core/handlers';
import { described, integer, objectInput, text } from '../../core/input';
import { openSession } from '../../core/session';
import { connectionArgument } from '../../core/tool-args';
import { updateIssue } from '../../providers/linear/linear.issue-changes';
import { linear } from '../../providers/linear/linear.provider';

const input = objectInput(
  {
    issue: described(text(1000), 'Issue identifier (e.g. ENG-42) or id.'),
    state: z.optional(described(text(1000), 'New workflow state, by name (e.g. "In Progress") or id.')),
    assignee: z.optional(
      described(text(1000), 'New assignee: Linear user email or id, or "none" to unassign.'),
    ),
    priority: z.optional(
      described(integer(0, 4), 'New priority: 0 none, 1 urgent, 2 high, 3 medium, 4 low.'),
    ),
    connection: connectionArgument(linear),
  },
  {
    check: (value) =>
      value.state === undefined && value.assignee === undefined && value.priority === undefined
        ? 'give at least one of state, assignee, priority'
        : undefined,
  },
);

export default defineLogicFunction(
  tool({
    universalIdentifier: 'c5c4ad9e-9d8f-437b-ac6e-f082be1aee38',
    name: 'linear-update-issue',
    description:
      "Change a Linear issue's workflow state, assignee and/or priority. States are matched by name within the " +
      "issue's team; an unknown state answers with the team's valid states.",
    input,
    timeoutSeconds: 30,
    run: async (args, run) => {
      const session = await openSession(run, linear, args.connection);
      return { connection: session.label, issue: await updateIssue(session, args) };
    },
  }),
);
