import { defineApplication } from 'twenty-sdk/define';
import { listNames, serverVariablesOf } from './src/core/provider';
import { PROVIDERS } from './src/providers';
import { IDS } from './src/universal-identifiers';

/** Linear's OAuth app webhook (src/functions/events/linear-webhook.ts). */
const LINEAR_WEBHOOK = {
  LINEAR_WEBHOOK_SECRET: {
    description:
      "Linear OAuth app webhook signing secret (linear.app → Settings → API → OAuth applications → your app: enable its webhook for Issue and Comment events with the URL <this server's address>/webhooks/server/" +
      `${IDS.functions.linearWebhook}, and copy the signing secret here). Empty: linked Linear items are refreshed by polling instead of in real time.`,
    isSecret: true,
    isRequired: false,
  },
};

export default defineApplication({
  universalIdentifier: IDS.application,
  displayName: 'twenty-connect',
  description:
    `Connect ${listNames(PROVIDERS)} to Twenty: AI tools, HTTP routes and automations that act with the ` +
    "right member's account, never another member's private connection.",
  category: 'Productivity',
  // Each provider is optional: an admin fills only the ones the workspace uses.
  // Linear's webhook secret right after Linear's OAuth client: the admin fills them on the same Linear page.
  serverVariables: Object.assign(
    {},
    ...PROVIDERS.map((p) => ({ ...serverVariablesOf(p), ...(p.name === 'linear' ? LINEAR_WEBHOOK : {}) })),
  ),
  applicationVariables: {
    LINEAR_DIGEST_TEAMS: {
      universalIdentifier: IDS.applicationVariables.digestTeams,
      label: 'Linear digest: team keys',
      description:
        'Comma-separated Linear team keys whose recently updated issues the daily digest lists (e.g. ENG,OPS).',
      value: '',
    },
    LINEAR_DIGEST_SLACK_CHANNEL: {
      universalIdentifier: IDS.applicationVariables.digestChannel,
      label: 'Linear digest: Slack channel',
      description: 'Slack channel (ID like C0123 or #name) the digest is posted to.',
      value: '',
    },
    LINEAR_DIGEST_LOOKBACK_HOURS: {
      universalIdentifier: IDS.applicationVariables.digestLookbackHours,
      label: 'Linear digest: look-back hours',
      description:
        'How far back "recently updated" reaches on the first run (later runs continue from the last one). Default 24.',
      value: '24',
    },
    OPPORTUNITY_STAGE_SLACK_CHANNEL: {
      universalIdentifier: IDS.applicationVariables.opportunityChannel,
      label: 'Opportunity stage changes: Slack channel',
      description: "Slack channel (ID or #name) told when an opportunity's stage changes. Empty: off.",
      value: '',
    },
    WORK_ITEM_DONE_SLACK_CHANNEL: {
      universalIdentifier: IDS.applicationVariables.workItemDoneChannel,
      label: 'Work item done: Slack channel',
      description:
        'Slack channel (ID or #name) told when an item linked to an opportunity is done. Empty: off. Uses the workspace-shared Slack connection.',
      value: '',
    },
    CRM_BASE_URL: {
      universalIdentifier: IDS.applicationVariables.crmBaseUrl,
      label: 'Twenty address for links',
      description:
        "The address members open Twenty at (e.g. https://acme.twenty.com). Links back to records use it. Empty: the API server's address.",
      value: '',
    },
  },
});
