import { defineLogicFunction } from 'twenty-sdk/define';
import { backgroundHandler } from '../../core/handlers';
import { refreshWorkItems } from './refresh';

const TIMEOUT_SECONDS = 120;

export default defineLogicFunction({
  universalIdentifier: '5b0f8e2a-7c14-4d3b-9e6a-2f8c1d4b7a90',
  name: 'work-items-refresh',
  description:
    'Every 15 minutes: brings linked work items up to date without webhooks, with workspace-shared connections ' +
    'only. Linear (one query for all linked issues) when its webhooks do not reach this workspace; GitHub always, ' +
    'one conditional request per linked repository (unchanged answers cost no rate limit).',
  timeoutSeconds: TIMEOUT_SECONDS,
  cronTriggerSettings: { pattern: '*/15 * * * *' },
  handler: backgroundHandler({
    trigger: 'cron',
    timeoutSeconds: TIMEOUT_SECONDS,
    run: (_payload: unknown, run) => refreshWorkItems(run),
  }),
});
