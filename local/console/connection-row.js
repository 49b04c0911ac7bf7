// One connection in a list: name, provider, visibility, upstream account, status, and its actions.
import { api } from './api.js';
import { badge, formatTime, h, modal, toast } from './dom.js';

async function rename(ctx, connection) {
  const data = await modal({
    title: 'Rename connection',
    submitLabel: 'Rename',
    testId: 'rename-dialog',
    body: h('input', {
      class: 'input',
      name: 'name',
      value: connection.name,
      required: true,
      'data-testid': 'rename-input',
    }),
  });
  if (!data) return;
  await act(
    ctx,
    () => api.rename(connection.id, ctx.memberId, String(data.get('name')).trim()),
    'Connection renamed',
  );
}

async function reconnect(ctx, connection) {
  try {
    const { authorizeUrl } = await api.reconnect(connection.id, ctx.memberId);
    location.assign(authorizeUrl);
  } catch (error) {
    toast(error.message, 'danger');
  }
}

async function disconnect(ctx, connection) {
  const data = await modal({
    title: `Disconnect ${connection.name}?`,
    submitLabel: 'Disconnect',
    tone: 'danger',
    testId: 'disconnect-dialog',
    body: h(
      'p',
      {},
      "The app's disconnect step runs first (it may clean up at the provider), then the token is revoked at the provider and the connection is deleted. Functions using it stop working until someone connects again.",
    ),
  });
  if (!data) return;
  await act(ctx, () => api.disconnect(connection.id, ctx.memberId), 'Disconnected');
}

async function act(ctx, call, message) {
  try {
    await call();
    toast(message);
    await ctx.refresh();
  } catch (error) {
    toast(error.message, 'danger');
  }
}

function statusBadge(connection) {
  if (!connection.authFailedAt) return badge('OK', 'success', 'connection-status');
  return badge('Needs reconnect', 'danger', 'connection-status');
}

/**
 * `account` is what the app's onConnect hook recorded: a string, or `{ account, details }` as stored in
 * the app's KV. Either way a person wants the one-line name ("Ada (ada@acme.com) · Acme").
 */
function accountLabel(account) {
  if (!account) return null;
  if (typeof account === 'string') return account;
  return account.account ?? account.name ?? account.login ?? null;
}

function accountDetails(account) {
  if (!account || typeof account !== 'object' || !account.details) return null;
  return Object.entries(account.details)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}

export function connectionRow(ctx, connection, providers) {
  const provider = providers.find((p) => p.name === connection.providerName);
  // Twenty: reconnecting or removing a workspace-shared connection needs the Applications permission.
  const locked = connection.visibility === 'workspace' && !ctx.member?.isAdmin;
  const lockedTitle = locked
    ? 'Only a member with the Applications permission (a workspace admin) can reconnect or remove a shared connection.'
    : undefined;
  const highlight = ctx.banner?.connectedId === connection.id;
  return h(
    'li',
    {
      class: `row${highlight ? ' row-new' : ''}`,
      'data-testid': 'connection-row',
      dataset: { id: connection.id, provider: connection.providerName },
    },
    h(
      'div',
      { class: 'row-main' },
      h(
        'div',
        { class: 'row-title' },
        h('span', { 'data-testid': 'connection-name' }, connection.name),
        statusBadge(connection),
      ),
      h(
        'div',
        { class: 'row-meta' },
        badge(provider?.displayName ?? connection.providerName, 'accent'),
        badge(connection.visibility === 'workspace' ? 'Workspace shared' : 'Just for me', 'neutral'),
        h(
          'span',
          { 'data-testid': 'connection-account', title: accountDetails(connection.account) },
          accountLabel(connection.account)
            ? `as ${accountLabel(connection.account)}`
            : 'account not recorded',
        ),
        connection.visibility === 'workspace'
          ? h('span', {}, `added by ${connection.mine ? 'you' : connection.ownerName}`)
          : null,
        h('span', {}, `since ${formatTime(connection.createdAt)}`),
        connection.expiresAt ? h('span', {}, `token until ${formatTime(connection.expiresAt)}`) : null,
      ),
      connection.authFailedAt
        ? h(
            'div',
            { class: 'row-alert' },
            `${connection.authFailedReason ?? 'The provider rejected the token.'} ${locked ? 'Ask a workspace admin to reconnect it.' : 'Reconnect to restore it.'}`,
          )
        : null,
    ),
    h(
      'div',
      { class: 'row-actions' },
      h(
        'button',
        {
          class: 'btn btn-sm',
          type: 'button',
          onclick: () => rename(ctx, connection),
          'data-testid': 'rename-connection',
        },
        'Rename',
      ),
      h(
        'button',
        {
          class: `btn btn-sm${connection.authFailedAt ? ' btn-primary' : ''}`,
          type: 'button',
          onclick: () => reconnect(ctx, connection),
          disabled: locked,
          title: lockedTitle,
          'data-testid': 'reconnect-connection',
        },
        'Reconnect',
      ),
      h(
        'button',
        {
          class: 'btn btn-sm btn-danger-ghost',
          type: 'button',
          onclick: () => disconnect(ctx, connection),
          disabled: locked,
          title: lockedTitle,
          'data-testid': 'disconnect-connection',
        },
        'Disconnect',
      ),
    ),
  );
}
