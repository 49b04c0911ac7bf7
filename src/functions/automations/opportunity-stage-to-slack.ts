import { defineLogicFunction } from 'twenty-sdk/define';
import * as z from 'zod/mini';
import { backgroundHandler, skip } from '../../core/handlers';
import { objectInput, parseInput } from '../../core/input';
import { openSession } from '../../core/session';
import { postMessage } from '../../providers/slack/slack.client';
import { escapeMrkdwn } from '../../providers/slack/slack.mrkdwn';
import { slack } from '../../providers/slack/slack.provider';

const TIMEOUT_SECONDS = 60;

// Twenty sends whole records: read the fields we use and let the rest through.
const record = objectInput(
  {
    name: z.optional(z.nullable(z.string())),
    stage: z.optional(z.nullable(z.string())),
    amount: z.optional(z.unknown()),
  },
  { allowUnknown: true },
);
const recordObject = z
  .unknown()
  .check(z.refine((v) => typeof v === 'object' && v !== null, 'expected a record object'));
const event = objectInput({ recordId: z.string(), properties: recordObject }, { allowUnknown: true });
const properties = objectInput(
  { before: z.optional(recordObject), after: recordObject },
  { allowUnknown: true },
);
type Amount = { amountMicros?: number | null; currencyCode?: string | null } | null | undefined;

const money = (amount: unknown) => {
  const { amountMicros, currencyCode } = (amount ?? {}) as NonNullable<Amount>;
  return typeof amountMicros === 'number' && amountMicros > 0
    ? ` (${(amountMicros / 1e6).toLocaleString('en-US')}${currencyCode ? ` ${escapeMrkdwn(currencyCode)}` : ''})`
    : '';
};

export default defineLogicFunction({
  universalIdentifier: '9e846e9d-fa3f-43cd-aba7-eade425ffb82',
  name: 'opportunity-stage-to-slack',
  description:
    "When an opportunity's stage changes, posts it to the Slack channel in OPPORTUNITY_STAGE_SLACK_CHANNEL with " +
    'the workspace-shared Slack connection. Skips, saying why, when not set up.',
  timeoutSeconds: TIMEOUT_SECONDS,
  databaseEventTriggerSettings: { eventName: 'opportunity.updated', updatedFields: ['stage'] },
  handler: backgroundHandler({
    trigger: 'database-event',
    timeoutSeconds: TIMEOUT_SECONDS,
    recordSkipsAs: 'opportunity-stage-to-slack',
    run: async (payload: unknown, run) => {
      const channel = process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL?.trim();
      if (!channel)
        return skip('Set OPPORTUNITY_STAGE_SLACK_CHANNEL in the app settings to announce stage changes.');
      const { recordId, properties: changes } = parseInput(event, payload, 'event');
      const { before: previous, after: next } = parseInput(properties, changes, 'properties');
      const after = parseInput(record, next, 'properties.after');
      const before = previous ? parseInput(record, previous, 'properties.before') : undefined;
      if (!after.stage || before?.stage === after.stage)
        return skip(`Opportunity ${recordId}: stage did not change.`);
      const session = await openSession(run, slack);
      // Names and stages are CRM data: escaped, so none of them can notify or link (slack.mrkdwn.ts).
      const name = escapeMrkdwn(after.name ?? before?.name ?? recordId);
      const from = before?.stage ? `from ${escapeMrkdwn(before.stage)} ` : '';
      const text = `Opportunity *${name}*${money(after.amount)} moved ${from}to *${escapeMrkdwn(after.stage)}*.`;
      return { message: await postMessage(session, { channel, text }) };
    },
  }),
});
