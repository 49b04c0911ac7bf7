import type { AppConnection } from 'twenty-sdk/logic-function';
import type { Classifier } from '../../core/http';
import { labelConnection, readIdentity } from '../../core/identity';
import type { Revoker } from '../../core/revoke';
import type { Run } from '../../core/run';
import { slackCall } from './slack.client';
import { classifySlack } from './slack.errors';
import { slack } from './slack.provider';

/**
 * At disconnect a dead token is the expected case, not a connection to report as broken: Slack's
 * "reconnect" codes become a plain refusal here, so `send` does not report an auth failure to Twenty.
 */
const classifyQuietly: Classifier = (response, body) => {
  const failure = classifySlack(response, body);
  return failure?.code === 'RECONNECT_REQUIRED' ? { ...failure, code: 'UPSTREAM_ERROR' } : failure;
};

const call = <T>(run: Run, connection: AppConnection, method: string, args: Record<string, unknown>) =>
  slackCall<T>({ run, provider: slack, connection, label: labelConnection(connection, null) }, method, args, {
    operation: method,
    idempotent: true,
    classify: classifyQuietly,
  });

/** The Slack workspace (team id) a connection's bot belongs to: recorded by slack-on-connect, else asked. */
const teamOf = async (run: Run, connection: AppConnection): Promise<string | null> => {
  const recorded = (await readIdentity(connection.id))?.details.teamId;
  if (recorded) return recorded;
  const me = await call<{ team_id?: string }>(run, connection, 'auth.test', {}).catch(() => null);
  return me?.team_id ?? null;
};

/**
 * Slack gives every install of one app in one Slack workspace the same bot token (reinstalling returns it
 * again), and `auth.revoke` with that token deactivates the bot for the whole Slack workspace
 * (https://docs.slack.dev/reference/methods/auth.revoke; slackapi/bolt-python#969). So the bot is revoked
 * only when no other connection of this app still uses it: none holds the same token, and none was
 * recorded for the same Slack workspace (team id; tokens differ there when token rotation is on). When
 * another connection's workspace is unknown (its onConnect never recorded it), nothing is revoked: a bot
 * left installed can be removed by a Slack admin, a revoked one breaks every other connection at once.
 * Connections without a token (archived by Twenty when their member left) are not counted.
 */
export const revokeSlack: Revoker = async ({ connection, others: all, run }) => {
  // A connection whose token Twenty cleared (its member left the workspace) uses no bot.
  const others = all.filter((other) => other.accessToken);
  const sameToken = others.filter((other) => other.accessToken === connection.accessToken).length;
  if (sameToken > 0) {
    return {
      revoked: false,
      detail: `Not revoked at Slack: ${sameToken} other connection(s) use the same Slack bot.`,
    };
  }
  const team = await teamOf(run, connection);
  if (!team) {
    return {
      revoked: false,
      detail: 'Not revoked at Slack: could not tell which Slack workspace the bot is in (auth.test failed).',
    };
  }
  const teams = await Promise.all(
    others.map(async (other) => (await readIdentity(other.id))?.details.teamId ?? null),
  );
  const sameTeam = teams.filter((t) => t === team).length;
  const unknown = teams.filter((t) => t === null).length;
  if (sameTeam > 0 || unknown > 0) {
    return {
      revoked: false,
      detail:
        sameTeam > 0
          ? `Not revoked at Slack: ${sameTeam} other connection(s) use the bot of the same Slack workspace.`
          : `Not revoked at Slack: ${unknown} other connection(s) may use the same Slack workspace (not recorded).`,
    };
  }
  try {
    const answer = await call<{ revoked?: boolean }>(run, connection, 'auth.revoke', {});
    return answer.revoked
      ? {
          revoked: true,
          detail: 'Slack revoked the bot token: the bot is deactivated in that Slack workspace.',
        }
      : { revoked: false, detail: 'Slack did not revoke the token.' };
  } catch (error) {
    return { revoked: false, detail: `Slack refused to revoke the token: ${(error as Error).message}` };
  }
};
