import type { Sandbox } from '../../../local/sandboxes/sandbox.ts';
import type { Loose } from '../../support/run-function.ts';
import type { Upstreams } from '../../support/upstreams.ts';

/** Messages of one channel (by name) as a person sees them in Slack, oldest first. */
export const slackMessages = (slack: Sandbox, channelName: string): Loose[] =>
  (slack.view() as Loose).channels.find((channel: Loose) => channel.name === channelName)?.messages ?? [];

/** The Web API methods the sandbox received, as `method status`. */
export const slackOperations = (slack: Sandbox): string[] =>
  slack.calls().map((call) => `${call.operation} ${call.status}`);

/** The Slack app installed for the whole workspace (bot token, the usual case). */
export const connectSharedSlack = (up: Upstreams, scopes?: string[]) =>
  up.mintConnection('slack', {
    visibility: 'workspace',
    userWorkspaceId: 'uw-ada',
    name: 'Acme Slack',
    ...(scopes ? { scopes } : {}),
  });
