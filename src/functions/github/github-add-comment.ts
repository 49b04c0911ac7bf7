import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { described, integer, objectInput, text } from '../../core/input';
import { openSession } from '../../core/session';
import { addComment } from '../../providers/github/github.issues';
import { github } from '../../providers/github/github.provider';
import { githubConnection, repositoryArgument } from './inputs';

const input = objectInput({
  repository: repositoryArgument,
  issueNumber: described(integer(1, 2_147_483_647), 'Issue or pull request number, e.g. 42.'),
  body: described(text(65_536), 'Comment text, in GitHub Markdown.'),
  connection: githubConnection,
});

export default defineLogicFunction(
  tool({
    universalIdentifier: '73f7d02d-a078-4375-9d66-421531473164',
    name: 'github-add-comment',
    description: 'Comment on a GitHub issue or pull request. Returns the comment URL.',
    input,
    timeoutSeconds: 30,
    run: async ({ connection, ...args }, run) => {
      const session = await openSession(run, github, connection);
      return { connection: session.label, comment: await addComment(session, args) };
    },
  }),
);
