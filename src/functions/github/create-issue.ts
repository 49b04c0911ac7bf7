import * as z from 'zod/mini';
import { described, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { openSession } from '../../core/session';
import { createIssue } from '../../providers/github/github.issues';
import { github } from '../../providers/github/github.provider';
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
  connection: githubConnection,
});

export const createGithubIssue = async (
  { connection, ...input }: Parsed<typeof createIssueInput.shape>,
  run: Run,
) => {
  const session = await openSession(run, github, connection);
  return { connection: session.label, issue: await createIssue(session, input) };
};
