import * as z from 'zod/mini';
import { described, integer, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { openSession } from '../../core/session';
import { connectionArgument, recordArgument } from '../../core/tool-args';
import { createIssue, resolveTeam } from '../../providers/linear/linear.issues';
import { linear } from '../../providers/linear/linear.provider';
import { linearItemOf } from '../../providers/linear/linear.work-items';
import { linearCustomerRequest } from '../work-items/customer-request';
import { markdownBacklink, recordFor, recordSummary, saveAndLink } from '../work-items/linking';

/** One input shape for the create-issue tool and the `POST /linear/issues` route. */
export const createIssueInput = objectInput({
  team: described(text(1000), 'Team key (e.g. ENG) or team id. See linear-list-teams.'),
  title: described(text(255), 'Issue title, one line.'),
  description: z.optional(described(text(100_000), 'Issue description, in Markdown.')),
  priority: z.optional(described(integer(0, 4), 'Priority: 0 none, 1 urgent, 2 high, 3 medium, 4 low.')),
  record: z.optional(
    recordArgument(
      'A Twenty company, person or opportunity the issue is about: the issue links back to it, shows on it, and its company becomes a Linear customer with a request on the issue.',
    ),
  ),
  connection: connectionArgument(linear),
});

export const createLinearIssue = async (input: Parsed<typeof createIssueInput.shape>, run: Run) => {
  const record = await recordFor(run, input.record);
  const session = await openSession(run, linear, input.connection);
  const team = await resolveTeam(session, input.team);
  const issue = await createIssue(session, {
    teamId: team.id,
    title: input.title,
    description: record
      ? `${input.description ?? ''}${markdownBacklink(record)}`.trimStart()
      : input.description,
    priority: input.priority,
  });
  if (!record) return { connection: session.label, issue };
  // Made on purpose from the record: that is the member's consent to show it there, private team or not.
  const item = { ...linearItemOf(issue), restricted: issue.team?.visibility !== 'public' };
  const isPrivate = item.restricted && session.connection.visibility === 'user';
  const linked = await saveAndLink(
    run,
    session,
    item,
    record,
    isPrivate,
    linearCustomerRequest(run, session, item, record),
  );
  return { connection: session.label, issue, record: recordSummary(record), ...linked };
};
