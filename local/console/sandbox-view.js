// Sandbox: what each fake provider holds (so a tool call's effect is visible) and buttons to make it fail.
import { api } from './api.js';
import { card, emptyState, h, modal, toast } from './dom.js';
import { collection } from './sandbox-collection.js';
import { linearDeliveries, linearIssueActions, linearWebhookPanel } from './sandbox-linear.js';

/** A provider's own blocks before its tables (Linear: issue actions, webhook, deliveries), and the keys they show. */
function ownBlocks(ctx, provider, view) {
  if (provider !== 'linear' || !view?.webhook) return { blocks: [], shown: new Set() };
  return {
    blocks: [
      linearIssueActions(ctx, view),
      linearWebhookPanel(ctx, view.webhook),
      linearDeliveries(ctx, view.deliveries ?? []),
    ],
    shown: new Set(['webhook', 'deliveries']),
  };
}

/** A sandbox's display name: the app's provider it stands in for (from /api/state), else its own name. */
const displayName = (ctx, provider) =>
  ctx.state.providers.find((p) => p.name === provider)?.displayName ?? provider;

async function control(ctx, label, call) {
  try {
    await call();
    toast(label);
    await ctx.refresh();
  } catch (error) {
    toast(error.message, 'danger');
  }
}

function controls(ctx, provider) {
  const name = displayName(ctx, provider);
  const button = (label, testId, onclick, extra = '') =>
    h(
      'button',
      {
        class: `btn btn-sm ${extra}`,
        type: 'button',
        'data-testid': `sandbox-${testId}-${provider}`,
        onclick,
      },
      label,
    );
  return h(
    'div',
    { class: 'toolbar' },
    button('Rate-limit next call', 'rate-limit', () =>
      control(ctx, `${name} will rate-limit the next call`, () =>
        api.sandboxFail(provider, { kind: 'rate-limit', retryAfterSeconds: 30 }),
      ),
    ),
    button('Server error next call', 'server-error', () =>
      control(ctx, `${name} will answer the next call with a 5xx`, () =>
        api.sandboxFail(provider, { kind: 'server-error' }),
      ),
    ),
    button('Expire tokens', 'expire', () =>
      control(ctx, `${name} access tokens expired`, () => api.sandboxAction(provider, 'expire')),
    ),
    button(
      'Revoke all tokens',
      'revoke-all',
      async () => {
        const ok = await modal({
          title: `Revoke every ${name} token?`,
          body: h(
            'p',
            {},
            'As if every user removed the app at the provider. Connections will need reconnecting.',
          ),
          submitLabel: 'Revoke all',
          tone: 'danger',
        });
        if (ok) await control(ctx, `${name} tokens revoked`, () => api.sandboxAction(provider, 'revoke-all'));
      },
      'btn-danger-ghost',
    ),
    button('Reset', 'reset', async () => {
      const ok = await modal({
        title: `Reset the ${name} sandbox?`,
        body: h(
          'p',
          {},
          'Back to the seeded data: created items, tokens and registered clients are forgotten.',
        ),
        submitLabel: 'Reset',
        tone: 'danger',
      });
      if (ok) await control(ctx, `${name} sandbox reset`, () => api.sandboxAction(provider, 'reset'));
    }),
  );
}

/** "Linear, GitHub and Slack": the sandboxes there are, or the app's providers in live mode. */
function names(ctx) {
  const list = ctx.state.sandbox
    ? Object.keys(ctx.state.sandbox).map((provider) => displayName(ctx, provider))
    : ctx.state.providers.map((p) => p.displayName);
  return list.length < 2
    ? (list[0] ?? 'the providers')
    : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

export function renderSandbox(ctx) {
  const sandbox = ctx.state.sandbox;
  const head = h(
    'div',
    { class: 'view-head' },
    h('h1', {}, 'Sandbox'),
    h(
      'p',
      { class: 'muted' },
      `Offline stand-ins for ${names(ctx)}. What the app’s functions create shows up here.`,
    ),
    h(
      'button',
      { class: 'btn btn-sm', type: 'button', 'data-testid': 'sandbox-refresh', onclick: () => ctx.refresh() },
      'Refresh',
    ),
  );
  if (!sandbox) {
    return h(
      'div',
      { class: 'view', 'data-testid': 'view-sandbox' },
      head,
      emptyState({
        title: 'Live mode',
        body: 'The runtime talks to the real providers; there is no sandbox state to show.',
      }),
    );
  }
  return h(
    'div',
    { class: 'view', 'data-testid': 'view-sandbox' },
    head,
    h(
      'div',
      { class: 'stack' },
      Object.entries(sandbox).map(([provider, view]) =>
        card(
          {
            title: displayName(ctx, provider),
            subtitle: `Served at /_sandbox/… as the real ${displayName(ctx, provider)} hosts`,
            aside: controls(ctx, provider),
            testId: `sandbox-provider-${provider}`,
          },
          (() => {
            const own = ownBlocks(ctx, provider, view);
            return h(
              'div',
              { class: 'stack' },
              own.blocks,
              Object.entries(view ?? {})
                .filter(([key]) => !own.shown.has(key))
                .map(([key, value]) => collection(provider, key, value)),
            );
          })(),
        ),
      ),
    ),
  );
}
