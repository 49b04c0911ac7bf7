import { defineLogicFunction } from 'twenty-sdk/define';
import { kv } from 'twenty-sdk/logic-function';
import * as z from 'zod/mini';
import { backgroundHandler, skip } from '../../core/handlers';
import { objectInput, parseInput } from '../../core/input';
import { openSession } from '../../core/session';
import { recentIssues } from '../../providers/linear/linear.issues';
import { linear } from '../../providers/linear/linear.provider';
import { postMessage } from '../../providers/slack/slack.client';
import { escapeMrkdwn, mrkdwnLink } from '../../providers/slack/slack.mrkdwn';
import { slack } from '../../providers/slack/slack.provider';

const TIMEOUT_SECONDS = 120;
const LAST_RUN_KEY = 'linear-digest:last-run';

// process.env holds much more than our settings: read ours, ignore the rest.
const settings = objectInput(
  {
    LINEAR_DIGEST_TEAMS: z.optional(z.string()),
    LINEAR_DIGEST_SLACK_CHANNEL: z.optional(z.string()),
    LINEAR_DIGEST_LOOKBACK_HOURS: z.optional(
      z
        .string()
        .check(z.refine((v) => v.trim() === '' || Number(v) > 0, 'must be a positive number of hours')),
    ),
  },
  { allowUnknown: true },
);

export default defineLogicFunction({
  universalIdentifier: '0885fb06-fe41-4eda-bdc6-0f7b8d68a53f',
  name: 'linear-digest',
  description:
    'Weekdays at 08:00 UTC: posts the Linear issues of the configured teams updated since the last digest to ' +
    'the configured Slack channel, with workspace-shared connections only. Skips, saying why, when not set up.',
  timeoutSeconds: TIMEOUT_SECONDS,
  cronTriggerSettings: { pattern: '0 8 * * 1-5' },
  handler: backgroundHandler({
    trigger: 'cron',
    timeoutSeconds: TIMEOUT_SECONDS,
    recordSkipsAs: 'linear-digest',
    run: async (_payload: unknown, run) => {
      const env = parseInput(settings, process.env, 'settings');
      const teams = (env.LINEAR_DIGEST_TEAMS ?? '')
        .split(',')
        .map((t) => t.trim().toUpperCase())
        .filter(Boolean);
      const channel = env.LINEAR_DIGEST_SLACK_CHANNEL?.trim();
      if (!teams.length || !channel) {
        return skip(
          'Set LINEAR_DIGEST_TEAMS and LINEAR_DIGEST_SLACK_CHANNEL in the app settings to turn the digest on.',
        );
      }
      const startedAt = new Date();
      const last = await kv.get<string>(LAST_RUN_KEY);
      const since = last
        ? new Date(last)
        : new Date(Date.now() - Number(env.LINEAR_DIGEST_LOOKBACK_HOURS || 24) * 3_600_000);
      const linearSession = await openSession(run, linear);
      const slackSession = await openSession(run, slack);
      const issues = await recentIssues(linearSession, { teamKeys: teams, since, limit: 50 });
      if (issues.length === 0) {
        await kv.set(LAST_RUN_KEY, startedAt.toISOString());
        return skip(
          `No issue of ${teams.join(', ')} was updated since ${since.toISOString()}: nothing posted.`,
        );
      }
      // Titles, states and names come from Linear: escaped, so none of them can notify or link (slack.mrkdwn.ts).
      const lines = issues.map(
        (i) =>
          `• ${mrkdwnLink(i.url, i.identifier)} ${escapeMrkdwn(i.title)} — ${escapeMrkdwn(i.state?.name ?? '?')}${i.assignee ? ` (${escapeMrkdwn(i.assignee.name)})` : ''}`,
      );
      const heading = `Linear: ${issues.length} issue${issues.length > 1 ? 's' : ''} updated in ${teams.join(', ')}`;
      const message = await postMessage(slackSession, {
        channel,
        text: `*${escapeMrkdwn(heading)}*\n${lines.join('\n')}`,
      });
      // Only after posting, so a retried run covers the same window instead of skipping it.
      await kv.set(LAST_RUN_KEY, startedAt.toISOString());
      return { posted: issues.length, since: since.toISOString(), message };
    },
  }),
});
