import * as z from 'zod/mini';
import { described, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { openSession } from '../../core/session';
import { recordArgument } from '../../core/tool-args';
import { createIssue, splitRepository } from '../../providers/github/github.issues';
import { github } from '../../providers/github/github.provider';
import { resolveGitHubItem } from '../../providers/github/github.work-items';
import { markdownBacklink, recordFor, recordSummary, saveAndLink } from '../work-items/linking';
import { githubConnection, repositoryArgument } from './inputs';

/** One input shape for the create-issue tool and the `POST /github/issues` route. */
export const createIssueInput = objectInput({
  repository: repositoryArgument,
  title: described(text(256), 'Issue title, one line.'),
  body: z.optional(described(text(65_536), 'Issue body, in GitHub Markdown.')),
  labels: z.optional(described(z.array(text(50)), 'Label names that already exist in the repository.')),
  assignees: z.optional(
    described(z.array(text(39)), 'GitHub logins to assign; they need access to the repository.'),
  ),
  record: z.optional(
    recordArgument(
      'A Twenty company, person or opportunity the issue is about: the issue links back to it and shows on it with its status.',
    ),
  ),
  connection: githubConnection,
});

export const createGithubIssue = async (
  { connection, record: target, ...input }: Parsed<typeof createIssueInput.shape>,
  run: Run,
) => {
  const record = await recordFor(run, target);
  const session = await openSession(run, github, connection);
  const body = record ? `${input.body ?? ''}${markdownBacklink(record)}`.trimStart() : input.body;
  const issue = await createIssue(session, { ...input, body });
  if (!record) return { connection: session.label, issue };
  const [owner, repo] = splitRepository(input.repository);
  // One read of the new issue gives its ETag for later refreshes and whether the repository is private.
  const item = await resolveGitHubItem(session, { owner, repo, number: issue.number });
  // Made on purpose from the record: that is the member's consent to show it there, private repository or not.
  const isPrivate = item.restricted && session.connection.visibility === 'user';
  const linked = await saveAndLink(run, session, item, record, isPrivate);
  return { connection: session.label, issue, record: recordSummary(record), ...linked };
};
