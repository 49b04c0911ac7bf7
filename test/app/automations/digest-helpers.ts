import type { Sandbox } from '../../../local/sandboxes/sandbox.ts';

/** The digest's settings (applicationVariables reach the function as environment variables). */
export const DIGEST_SETTINGS = [
  'LINEAR_DIGEST_TEAMS',
  'LINEAR_DIGEST_SLACK_CHANNEL',
  'LINEAR_DIGEST_LOOKBACK_HOURS',
];

export const configureDigest = (teams = 'ENG', channel = '#engineering') => {
  process.env.LINEAR_DIGEST_TEAMS = teams;
  process.env.LINEAR_DIGEST_SLACK_CHANNEL = channel;
};

/** Messages of one Slack channel (by name) as a person sees them, oldest first. */
export const channelMessages = (slack: Sandbox, name: string) =>
  (
    slack.view() as { channels: { name: string; messages: { text: string; author: string }[] }[] }
  ).channels.find((c) => c.name === name)!.messages;

/** A member changes an issue in Linear itself (not through the app), which moves its updatedAt on. */
export const touchLinearIssue = async (linear: Sandbox, id: string, priority: number) => {
  const { accessToken } = linear.mintToken();
  const response = await linear.handle(
    new Request('https://api.linear.app/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation Touch($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }',
        variables: { id, input: { priority } },
      }),
    }),
  );
  if (response.status !== 200) throw new Error(`Linear sandbox refused the update: HTTP ${response.status}`);
};
