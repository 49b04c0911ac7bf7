import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { described, objectInput, text } from '../../core/input';
import { openSession } from '../../core/session';
import { limitArgument } from '../../core/tool-args';
import { searchIssues } from '../../providers/github/github.issues';
import { github } from '../../providers/github/github.provider';
import { githubConnection } from './inputs';

const input = objectInput({
  query: described(
    text(256),
    'GitHub search syntax, e.g. "repo:acme/website is:issue is:open login bug". Add is:issue or is:pr to narrow.',
  ),
  limit: limitArgument(100, 20),
  connection: githubConnection,
});

export default defineLogicFunction(
  tool({
    universalIdentifier: '557e6356-cfb8-406c-8cf5-b25bd42df480',
    name: 'github-search-issues',
    description:
      'Search GitHub issues and pull requests the connection can see (private ones need the repo scope). ' +
      'Returns number, title, state, repository, author and URL. GitHub allows 30 searches per minute.',
    input,
    timeoutSeconds: 30,
    run: async ({ connection, query, limit }, run) => {
      const session = await openSession(run, github, connection);
      return { connection: session.label, ...(await searchIssues(session, { query, limit: limit ?? 20 })) };
    },
  }),
);
