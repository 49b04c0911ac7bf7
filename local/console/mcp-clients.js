// Authorized MCP clients: who approved which client, with what scopes, and revoking that access.
import { api } from './api.js';
import { badge, card, emptyState, formatTime, h, modal, replaceChildren, toast } from './dom.js';

/** "MCP · Claude Desktop as Ada Lovelace": who asked for a run, for the runs table and a run's result. */
export function callerLabel(caller) {
  if (caller?.via !== 'mcp') return null;
  return `MCP · ${caller.clientName} as ${caller.memberName ?? 'the workspace'}`;
}

async function confirmAndDo({ title, text, submitLabel, testId }, call, done, reload) {
  const data = await modal({ title, submitLabel, tone: 'danger', testId, body: h('p', {}, text) });
  if (!data) return;
  try {
    await call();
    toast(done);
  } catch (error) {
    toast(error.message, 'danger');
  }
  await reload();
}

function memberRow(ctx, client, access, reload) {
  const mine = access.memberId === ctx.memberId;
  return h(
    'li',
    { class: 'row', 'data-testid': 'mcp-client-member', dataset: { member: access.memberId } },
    h(
      'div',
      { class: 'row-main' },
      h(
        'div',
        { class: 'row-title' },
        h('span', {}, mine ? `${access.memberName} (you)` : access.memberName),
      ),
      h(
        'div',
        { class: 'row-meta' },
        access.scopes.map((scope) => badge(scope, 'neutral')),
        h('span', {}, `approved ${formatTime(access.approvedAt)}`),
        h(
          'span',
          { 'data-testid': 'mcp-client-tokens' },
          `${access.activeTokens} active token${access.activeTokens === 1 ? '' : 's'}`,
        ),
      ),
    ),
    h(
      'div',
      { class: 'row-actions' },
      h(
        'button',
        {
          class: 'btn btn-sm btn-danger-ghost',
          type: 'button',
          'data-testid': 'mcp-client-revoke',
          onclick: () =>
            confirmAndDo(
              {
                title: `Revoke ${client.name} for ${access.memberName}?`,
                text: `Its tokens for ${mine ? 'you' : access.memberName} stop working on their next request. The client must ask for approval again to use the tools.`,
                submitLabel: 'Revoke',
                testId: 'mcp-revoke-dialog',
              },
              () => api.revokeMcpAccess(client.clientId, access.memberId, ctx.memberId),
              `${client.name} can no longer act as ${access.memberName}`,
              reload,
            ),
        },
        'Revoke',
      ),
    ),
  );
}

function clientItem(ctx, client, isAdmin, reload) {
  return h(
    'li',
    { class: 'mcp-client', 'data-testid': 'mcp-client', dataset: { clientId: client.clientId } },
    h(
      'div',
      { class: 'row' },
      h(
        'div',
        { class: 'row-main' },
        h(
          'div',
          { class: 'row-title' },
          h('span', { 'data-testid': 'mcp-client-name' }, client.name),
          client.actsAs.map((kind) =>
            badge(
              kind === 'workspace' ? 'Workspace · client credentials' : 'Members · authorization code',
              'accent',
            ),
          ),
        ),
        h(
          'div',
          { class: 'row-meta' },
          h('code', { title: 'client_id' }, client.clientId),
          client.registeredAt ? h('span', {}, `registered ${formatTime(client.registeredAt)}`) : null,
          h(
            'span',
            { 'data-testid': 'mcp-client-last-call' },
            client.lastToolCallAt
              ? `last tool call ${formatTime(client.lastToolCallAt)}`
              : 'no tool call yet',
          ),
          client.actsAs.includes('workspace') && isAdmin
            ? h(
                'span',
                { 'data-testid': 'mcp-client-workspace-tokens' },
                `${client.workspaceTokens} active workspace token${client.workspaceTokens === 1 ? '' : 's'}`,
              )
            : null,
        ),
      ),
      isAdmin
        ? h(
            'div',
            { class: 'row-actions' },
            h(
              'button',
              {
                class: 'btn btn-ghost btn-sm',
                type: 'button',
                'data-testid': 'mcp-client-remove',
                onclick: () =>
                  confirmAndDo(
                    {
                      title: `Remove ${client.name}?`,
                      text: 'Its registration, every approval and every token it holds are deleted; its requests fail at once. To come back it must register again.',
                      submitLabel: 'Remove client',
                      testId: 'mcp-remove-dialog',
                    },
                    () => api.removeMcpClient(client.clientId, ctx.memberId),
                    `${client.name} removed`,
                    reload,
                  ),
              },
              'Remove client',
            ),
          )
        : null,
    ),
    client.members.length
      ? h(
          'ul',
          { class: 'rows mcp-client-members' },
          client.members.map((access) => memberRow(ctx, client, access, reload)),
        )
      : null,
  );
}

/**
 * The card, and `reload` for whoever changes access meanwhile (the walkthrough). It reloads itself after a
 * revocation and on "Refresh" (a client elsewhere may register or be approved at any time).
 */
export function clientsCard(ctx) {
  const isAdmin = Boolean(ctx.session?.members?.find((m) => m.id === ctx.memberId)?.isAdmin);
  const list = h(
    'div',
    { 'data-testid': 'mcp-clients-list' },
    h('div', { class: 'loading-state' }, 'Loading…'),
  );
  const reload = async () => {
    let clients;
    try {
      ({ clients } = await api.mcpClients(ctx.memberId));
    } catch (error) {
      replaceChildren(list, h('p', { class: 'muted' }, `Could not load the clients: ${error.message}`));
      return;
    }
    replaceChildren(
      list,
      clients.length
        ? h(
            'ul',
            { class: 'mcp-clients' },
            clients.map((client) => clientItem(ctx, client, isAdmin, reload)),
          )
        : emptyState({
            title: isAdmin ? 'No MCP client registered yet' : 'You have not approved an MCP client',
            body: 'Clients show up here once they register (and, for members, once approved). Try the walkthrough below.',
            testId: 'mcp-clients-empty',
          }),
    );
  };
  void reload();
  const element = card(
    {
      title: 'Authorized clients',
      subtitle: isAdmin
        ? 'Every registered client and each member who approved it. Revoking takes effect on the next request.'
        : 'The clients you approved. Revoke one and its tokens stop working on their next request.',
      testId: 'mcp-clients',
      aside: h(
        'button',
        {
          class: 'btn btn-ghost btn-sm',
          type: 'button',
          'data-testid': 'mcp-clients-refresh',
          onclick: reload,
        },
        'Refresh',
      ),
    },
    list,
  );
  return { element, reload };
}
