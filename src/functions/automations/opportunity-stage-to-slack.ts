import { defineLogicFunction } from 'twenty-sdk/define';
import * as z from 'zod/mini';
import { backgroundHandler, skip } from '../../core/handlers';
import { parseInput } from '../../core/input';
import { openSession } from '../../core/session';
import { postMessage } from '../../providers/slack/slack.client';
import { slack } from '../../providers/slack/slack.provider';

const TIMEOUT_SECONDS = 60;

const opportunity = z.object({
  name: z.optional(z.nullable(z.string())),
  stage: z.optional(z.nullable(z.string())),
  amount: z.optional(
    z.nullable(
      z.object({
        amountMicros: z.optional(z.nullable(z.number())),
        currencyCode: z.optional(z.nullable(z.string())),
      }),
    ),
  ),
});
const event = z.object({
  recordId: z.string(),
  properties: z.object({ before: z.optional(opportunity), after: opportunity }),
});

const money = (amount: z.infer<typeof opportunity>['amount']) =>
  amount?.amountMicros
    ? ` (${(amount.amountMicros / 1e6).toLocaleString('en-US')} ${amount.currencyCode ?? ''})`.replace(
        ' )',
        ')',
      )
    : '';

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
    run: async (payload: unknown, run) => {
      const channel = process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL?.trim();
      if (!channel)
        return skip('Set OPPORTUNITY_STAGE_SLACK_CHANNEL in the app settings to announce stage changes.');
      const { recordId, properties } = parseInput(event, payload, 'event');
      const { before, after } = properties;
      if (!after.stage || before?.stage === after.stage)
        return skip(`Opportunity ${recordId}: stage did not change.`);
      const session = await openSession(run, slack);
      const name = after.name ?? before?.name ?? recordId;
      const text = `Opportunity *${name}*${money(after.amount)} moved ${before?.stage ? `from ${before.stage} ` : ''}to *${after.stage}*.`;
      return { message: await postMessage(session, { channel, text }) };
    },
  }),
});
