// MCP: what the /mcp endpoint is, how clients get tokens for it, and a live walkthrough of a client's requests.
import { api } from './api.js';
import { card, copyButton, h, replaceChildren } from './dom.js';
import { clientsCard } from './mcp-clients.js';
import { mcpUrl } from './mcp-store.js';
import { mountWalkthrough } from './mcp-walkthrough.js';

export { takeMcpCallback } from './mcp-store.js';

function mask(token) {
  return token ? `${'•'.repeat(12)}${token.slice(-4)}` : 'none';
}

function endpointCard(info) {
  const url = mcpUrl();
  return card(
    { title: 'Endpoint', subtitle: 'Give this URL to an MCP client; it finds the rest by discovery.' },
    h(
      'div',
      { class: 'mcp-url-row' },
      h('code', { class: 'mcp-url', 'data-testid': 'mcp-url' }, url),
      copyButton(() => url, 'Copy URL'),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Authorization server'),
      h('dd', {}, h('code', {}, info.issuer)),
      h('dt', {}, 'Resource metadata'),
      h('dd', {}, h('code', {}, info.protectedResourceMetadata)),
      h('dt', {}, 'Tools'),
      h('dd', {}, `${info.tools.length} (the app's AI tools)`),
    ),
  );
}

function scopesCard(info) {
  return card(
    {
      title: 'Scopes',
      subtitle: 'What a token may do; the member can approve fewer than a client asks for.',
    },
    h(
      'table',
      { class: 'table', 'data-testid': 'mcp-scopes' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Scope'), h('th', {}, 'Allows'))),
      h(
        'tbody',
        {},
        info.scopes.map((scope) =>
          h(
            'tr',
            { 'data-testid': 'mcp-scope-row' },
            h('td', {}, h('code', {}, scope.name)),
            h('td', {}, scope.description),
          ),
        ),
      ),
    ),
  );
}

function tokensCard() {
  return card(
    {
      title: 'Two kinds of tokens',
      subtitle: 'Who the tools act as depends on how the client got its token.',
    },
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        { class: 'token-kind', 'data-testid': 'mcp-token-member' },
        h('div', { class: 'choice-title' }, 'Member token · authorization code + PKCE'),
        h(
          'p',
          { class: 'help' },
          'A member approves the client on the consent page. Tools act as that member: their own “Just for me” connections and the workspace-shared ones.',
        ),
      ),
      h(
        'div',
        { class: 'token-kind', 'data-testid': 'mcp-token-workspace' },
        h('div', { class: 'choice-title' }, 'Workspace token · client credentials'),
        h(
          'p',
          { class: 'help' },
          'A confidential client (a server, a script) gets a token with its own secret. Tools act as the workspace: workspace-shared connections only.',
        ),
      ),
    ),
  );
}

function registrationTokenCard(info) {
  let revealed = false;
  const value = h(
    'code',
    { class: 'mcp-secret', 'data-testid': 'mcp-registration-token' },
    mask(info.registrationToken),
  );
  const reveal = h(
    'button',
    {
      class: 'btn btn-ghost btn-sm',
      type: 'button',
      'data-testid': 'mcp-registration-token-reveal',
      onclick: () => {
        revealed = !revealed;
        value.textContent = revealed ? info.registrationToken : mask(info.registrationToken);
        reveal.textContent = revealed ? 'Hide' : 'Show';
      },
    },
    'Show',
  );
  return card(
    {
      title: 'Workspace registration token',
      subtitle:
        'Needed only to register a client-credentials client (Authorization: Bearer <token> on POST /oauth/register). Member clients register without it.',
      testId: 'mcp-registration',
    },
    h(
      'div',
      { class: 'secret-row' },
      value,
      reveal,
      copyButton(() => info.registrationToken, 'Copy'),
    ),
  );
}

async function load(ctx, target) {
  let info;
  try {
    info = await api.mcp();
  } catch (error) {
    replaceChildren(
      target,
      h(
        'div',
        { class: 'banner banner-danger', 'data-testid': 'mcp-error' },
        `MCP is not available: ${error.message}`,
      ),
    );
    return;
  }
  const walkthrough = h('div', { class: 'stack', 'data-testid': 'mcp-walkthrough' });
  const clients = clientsCard(ctx);
  replaceChildren(
    target,
    h('div', { class: 'grid-2' }, endpointCard(info), tokensCard()),
    scopesCard(info),
    clients.element,
    registrationTokenCard(info),
    walkthrough,
  );
  // Registering, getting a token and revoking it change what the clients card shows.
  mountWalkthrough(walkthrough, info, { afterStep: clients.reload });
}

export function renderMcp(ctx) {
  const body = h('div', { class: 'stack' }, h('div', { class: 'loading-state' }, 'Loading…'));
  void load(ctx, body);
  return h(
    'div',
    { class: 'view', 'data-testid': 'view-mcp' },
    h(
      'div',
      { class: 'view-head' },
      h('h1', {}, 'MCP'),
      h(
        'p',
        { class: 'muted' },
        'AI clients (Claude Desktop, MCP Inspector, your own agent) call the app’s tools at /mcp over the Model Context Protocol.',
      ),
      h(
        'p',
        { class: 'muted' },
        'They sign in with OAuth: a member approves a client once, and its token lets the tools act with that member’s connections.',
      ),
    ),
    body,
  );
}
