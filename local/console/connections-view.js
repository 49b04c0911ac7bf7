// Connections: add one per provider (Twenty's "Add connection"), list own and workspace-shared ones.
import { api } from './api.js';
import { connectionRow } from './connection-row.js';
import { badge, card, emptyState, h, modal, toast } from './dom.js';

/** Twenty: only members with the Applications permission manage workspace-shared connections (here: the admin). */
export const canManageShared = (ctx) => Boolean(ctx.member?.isAdmin);

async function startConnect(ctx, provider) {
  const mayShare = canManageShared(ctx);
  const data = await modal({
    title: `Connect ${provider.displayName}`,
    submitLabel: `Continue to ${provider.displayName}`,
    testId: 'add-connection-dialog',
    body: [
      h('p', { class: 'muted' }, 'Who may the app act with this account?'),
      h(
        'div',
        { class: 'choice-group', role: 'radiogroup' },
        choice('user', 'Just for me', 'Only your own tool calls and routes use it.', true),
        choice(
          'workspace',
          'Workspace shared',
          mayShare
            ? 'Anyone in the workspace, cron jobs and automations may use it.'
            : 'Only a member with the Applications permission (a workspace admin) can add one.',
          false,
          !mayShare,
        ),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', { class: 'field-label' }, 'Name (optional)'),
        h('input', {
          class: 'input',
          name: 'name',
          placeholder: `${provider.displayName} #1`,
          'data-testid': 'new-connection-name',
        }),
      ),
    ],
  });
  if (!data) return;
  try {
    const { authorizeUrl } = await api.addConnection({
      member: ctx.memberId,
      provider: provider.name,
      visibility: data.get('visibility') === 'workspace' ? 'workspace' : 'user',
      name: String(data.get('name') ?? '').trim() || undefined,
    });
    location.assign(authorizeUrl);
  } catch (error) {
    toast(error.message, 'danger');
  }
}

function choice(value, title, help, checked = false, disabled = false) {
  return h(
    'label',
    { class: `choice${disabled ? ' choice-disabled' : ''}`, 'data-testid': `visibility-${value}` },
    h('input', { type: 'radio', name: 'visibility', value, checked, disabled }),
    h('span', {}, h('span', { class: 'choice-title' }, title), h('span', { class: 'help' }, help)),
  );
}

function list(ctx, { title, subtitle, rows, empty, testId }) {
  return card(
    { title, subtitle, testId, aside: badge(String(rows.length), 'neutral') },
    rows.length
      ? h(
          'ul',
          { class: 'rows' },
          rows.map((c) => connectionRow(ctx, c, ctx.state.providers)),
        )
      : empty,
  );
}

export function renderConnections(ctx) {
  const { providers, connections } = ctx.state;
  const mine = connections.filter((c) => c.visibility === 'user');
  const shared = connections.filter((c) => c.visibility === 'workspace');
  const addCards = providers.map((p) =>
    h(
      'div',
      { class: 'provider-tile', 'data-testid': `add-tile-${p.name}` },
      h('div', { class: 'provider-name' }, p.displayName),
      p.configured ? badge('Ready', 'success') : badge('Needs admin', 'warning'),
      h(
        'button',
        {
          class: 'btn btn-primary btn-sm',
          type: 'button',
          disabled: !p.configured,
          'data-testid': `add-connection-${p.name}`,
          onclick: () => startConnect(ctx, p),
        },
        'Add connection',
      ),
      p.configured ? null : h('span', { class: 'help' }, 'An admin must set the client ID and secret first.'),
    ),
  );
  return h(
    'div',
    { class: 'view', 'data-testid': 'view-connections' },
    h(
      'div',
      { class: 'view-head' },
      h('h1', {}, 'Connections'),
      h(
        'p',
        { class: 'muted' },
        `Accounts the app may use on behalf of ${ctx.member?.name ?? 'this member'}.`,
      ),
    ),
    h('div', { class: 'tiles' }, addCards),
    list(ctx, {
      title: 'Just for you',
      subtitle: 'Used only for your own tool calls and routes.',
      rows: mine,
      testId: 'my-connections',
      empty: emptyState({
        title: 'No personal connections yet',
        body: 'Click “Add connection” above and choose “Just for me”.',
      }),
    }),
    list(ctx, {
      title: 'Workspace shared',
      subtitle: canManageShared(ctx)
        ? 'Usable by everyone, and by cron jobs and automations.'
        : 'Usable by everyone, and by cron jobs and automations. Adding, reconnecting or removing one needs the Applications permission (a workspace admin).',
      rows: shared,
      testId: 'shared-connections',
      empty: emptyState({
        title: 'No shared connections',
        body: 'Automations (digest, stage-change posts) need one: add a connection and choose “Workspace shared”.',
      }),
    }),
  );
}
