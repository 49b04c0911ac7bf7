import { defineHealthCheck } from 'twenty-sdk/define';
import { type AppConnection, kv, listConnections } from 'twenty-sdk/logic-function';
import { type ConnectionIdentity, identityKey, SETTINGS } from '../../core/identity';
import { isProviderConfigured, listNames, type ProviderSpec } from '../../core/provider';
import { RECORDED_AUTOMATIONS, type SkipRecord, skipKey } from '../../core/skips';
import { PROVIDERS } from '../../providers';
import { IDS } from '../../universal-identifiers';
import { LAST_RUN_KEY, type RefreshRun } from '../events/refresh-record';

/**
 * Current Twenty servers validate `{ status: OK|SUCCESS|INFO|WARNING|ERROR|NEUTRAL (upper case), message }` and
 * show `action: { label, location: 'variables' }`; SDK 2.43 types `title`/`description`
 * (twentyhq/twenty packages/twenty-shared/src/application/applicationHealthStatus.ts, docs/events-sources.md §A5). Extra keys
 * are ignored, so every result carries both forms.
 */
type Status = 'OK' | 'INFO' | 'WARNING' | 'ERROR';
type Action = { label: string; location: 'variables' };
type HealthResult = { status: Status; message: string; title: string; description: string; action?: Action };
/** One thing an admin may need to know, with what to do about it; `title`: its headline, else its first sentence. */
type Part = { status: Status; text: string; title?: string; action?: Action };

const RANK: Record<Status, number> = { OK: 0, INFO: 1, WARNING: 2, ERROR: 3 };
const DAY_MS = 24 * 3_600_000;
const SET_SECRET: Action = { label: 'Set LINEAR_WEBHOOK_SECRET', location: 'variables' };
const EVENTS_KEYS = { last: 'events:last:linear', badSignature: 'events:bad-signature:linear' };

/** A failed read is reported as unknown, never as a failed check. */
const read = <T>(key: string): Promise<T | null> => kv.get<T>(key).catch(() => null);
const recent = (at: string | null | undefined) => Boolean(at && Date.now() - Date.parse(at) < DAY_MS);

/**
 * Where Linear must send the app's webhook: the resolver's legacy universalIdentifier form, which old and new
 * servers both serve (docs/events-sources.md §B1); TWENTY_API_URL is the server the functions call.
 */
const webhookUrl = () => {
  const base = process.env.TWENTY_API_URL;
  const origin = base ? new URL(base).origin : '<your Twenty server>';
  return `${origin}/webhooks/server/${IDS.functions.linearWebhook}`;
};

const configuration = (providers: readonly ProviderSpec[]): Part => {
  const missing = providers.filter((p) => !isProviderConfigured(p));
  if (missing.length === 0) return { status: 'OK', text: `${listNames(providers)} are configured.` };
  const ready = providers.filter((p) => !missing.includes(p)).map((p) => p.displayName);
  const head = ready.length
    ? `Ready: ${ready.join(', ')}. Not configured: ${missing.map((p) => p.displayName).join(', ')}.`
    : 'No provider is configured yet.';
  return {
    status: missing.length === providers.length ? 'WARNING' : 'INFO',
    title: head,
    text: `${head} Fill ${missing.map((p) => `${p.clientIdVariable}/${p.clientSecretVariable}`).join(', ')} to enable the rest (see the README's admin setup). Unconfigured providers are simply unavailable.`,
    action: { label: 'Fill the OAuth client variables', location: 'variables' },
  };
};

/** Webhooks or polling, and why; events that stopped arriving; deliveries with bad signatures. */
const linearParts = (
  run: RefreshRun | null,
  lastEvent: string | null,
  bad: { count: number; lastAt: string } | null,
  refused: string[],
): Part[] => {
  const polling = 'Linear: polling every 15 min';
  const parts: Part[] = [];
  if (!process.env.LINEAR_WEBHOOK_SECRET?.trim()) {
    parts.push({
      status: 'INFO',
      text: `${polling} (LINEAR_WEBHOOK_SECRET is not set). For real-time updates, add a webhook to the Linear OAuth app with the URL ${webhookUrl()} and set LINEAR_WEBHOOK_SECRET to its signing secret.`,
      action: SET_SECRET,
    });
  } else if (run?.linear.mode === 'polling' || refused.length > 0) {
    const reason =
      run?.linear.mode === 'polling'
        ? run.linear.reason
        : `the Linear organization ${refused.join(', ')} is routed to another Twenty workspace (its claim was refused at connect)`;
    parts.push({
      status: 'WARNING',
      text: `${polling}: ${reason}. Only one Twenty workspace receives an organization's webhook events; reconnecting the Linear connection claims its organization when no other workspace holds it.`,
    });
  } else {
    const items = run?.linear.items ?? 0;
    parts.push(
      items > 0 && !recent(lastEvent)
        ? {
            status: 'WARNING',
            text: `Linear: webhooks, but no event in 24 h while ${items} items are linked (last verified event: ${lastEvent ?? 'never'}). Check the webhook URL at Linear: ${webhookUrl()}.`,
          }
        : {
            status: 'OK',
            text: `Linear: webhooks (last verified event at ${lastEvent ?? 'none yet'}).`,
          },
    );
  }
  if (bad && bad.count > 0 && recent(bad.lastAt))
    parts.push({
      status: 'WARNING',
      text: `Linear: ${bad.count} deliveries failed the signature check (last at ${bad.lastAt}) and were refused: LINEAR_WEBHOOK_SECRET must be the signing secret of the Linear OAuth app's webhook.`,
      action: SET_SECRET,
    });
  return parts;
};

/**
 * Organizations of this workspace's Linear connections whose claim another workspace holds: linear-on-connect
 * keeps `linear-claim-refused:<organizationId>` (docs/linked-work.md, "Events in, timeline out"), the connection's organization is in its identity.
 */
const refusedOrganizations = async (connections: readonly AppConnection[]): Promise<string[]> => {
  const identities = await Promise.all(
    connections
      .filter((c) => c.providerName === 'linear')
      .map((c) => read<ConnectionIdentity>(identityKey(c.id))),
  );
  const organizations = [
    ...new Set(identities.map((i) => i?.details.organizationId).filter((o): o is string => Boolean(o))),
  ];
  const refused = await Promise.all(organizations.map((o) => read<unknown>(`linear-claim-refused:${o}`)));
  return organizations.filter((_, i) => refused[i]);
};

const githubPart = (run: RefreshRun | null): Part => {
  const mode =
    'GitHub: polling every 15 min with conditional requests (ETag; unchanged repositories cost no rate limit)';
  const github = run?.github;
  if (!run || !github) return { status: 'OK', text: `${mode}; no run yet.` };
  if (github.failed)
    return { status: 'WARNING', text: `${mode}; the last run at ${run.at} failed: ${github.failed}` };
  const hidden = github.notVisible?.length
    ? ` Not visible to the shared GitHub connection: ${github.notVisible.join(', ')}.`
    : '';
  return {
    status: hidden ? 'INFO' : 'OK',
    text: `${mode}; last run at ${run.at}: ${github.requests} requests, ${github.notModified ?? 0} unchanged (304), ${github.changed} items changed.${hidden}`,
  };
};

/** Connections Twenty marked failed (`authFailedAt`): they stay unusable until someone reconnects them. */
const failedParts = (connections: readonly AppConnection[], providers: readonly ProviderSpec[]): Part[] =>
  providers.flatMap((provider) => {
    const failed = connections.filter((c) => c.providerName === provider.name && c.authFailedAt);
    if (failed.length === 0) return [];
    const names = failed
      .map(
        (c) =>
          `"${c.name}" (${c.visibility === 'workspace' ? 'workspace shared' : 'personal'}, since ${c.authFailedAt})`,
      )
      .join(', ');
    return [
      {
        status: 'WARNING' as const,
        text: `${provider.displayName}: ${provider.displayName} rejected ${names}. Reconnect in ${SETTINGS}; until then runs skip ${failed.length > 1 ? 'them' : 'it'}.`,
      },
    ];
  });

const skipParts = (skips: (SkipRecord | null)[]): Part[] =>
  RECORDED_AUTOMATIONS.flatMap((name, i) => {
    const skip = skips[i];
    return skip
      ? [{ status: 'WARNING' as const, text: `${name} skipped its last run (${skip.at}): ${skip.reason}` }]
      : [];
  });

/** Overall status = the worst part; the title is the worst parts' first line, the description all of them. */
export const summarize = (parts: Part[]): HealthResult => {
  const status = parts.reduce<Status>((worst, p) => (RANK[p.status] > RANK[worst] ? p.status : worst), 'OK');
  const worst = parts.filter((p) => p.status === status);
  const title = worst[0]?.title ?? worst[0]?.text.split(/(?<=\.) /)[0] ?? 'All good.';
  const description = parts.map((p) => p.text).join(' ');
  const action = worst.find((p) => p.action)?.action;
  const message = description.startsWith(title) ? description : `${title} ${description}`;
  return { status, title, description, message, ...(action ? { action } : {}) };
};

/**
 * What a server or workspace admin can act on: providers to configure, Linear's mode (webhooks or polling, and
 * why), events that stopped arriving or failed their signature, GitHub polling, connections marked failed and
 * automations skipped for want of a shared connection. Reads kv and the connection list: this bundle carries
 * twenty-sdk's client (~130 KB instead of 4 KB), which a health check that says what to do is worth.
 */
export default defineHealthCheck({
  universalIdentifier: 'c104b249-a150-4198-8833-856e7a65f79a',
  name: 'health-check',
  description: `Reports which of ${listNames(PROVIDERS)} are configured, how linked work stays current (webhooks or polling), failed connections and skipped automations, with what to do.`,
  timeoutSeconds: 10,
  handler: async (): Promise<HealthResult> => {
    const providers: readonly ProviderSpec[] = PROVIDERS;
    const configured = (name: string) => providers.some((p) => p.name === name && isProviderConfigured(p));
    const [run, lastEvent, bad, connections, ...skips] = await Promise.all([
      read<RefreshRun>(LAST_RUN_KEY),
      read<string>(EVENTS_KEYS.last),
      read<{ count: number; lastAt: string }>(EVENTS_KEYS.badSignature),
      listConnections().catch(() => [] as AppConnection[]),
      ...RECORDED_AUTOMATIONS.map((name) => read<SkipRecord>(skipKey(name))),
    ]);
    const refused = configured('linear') ? await refusedOrganizations(connections) : [];
    return summarize([
      configuration(providers),
      ...(configured('linear') ? linearParts(run, lastEvent, bad, refused) : []),
      ...(configured('github') ? [githubPart(run)] : []),
      ...failedParts(connections, providers),
      ...skipParts(skips as (SkipRecord | null)[]),
    ]);
  },
});
