// Console entry: shell (header, nav), member switching, hash routing, the connect-callback banner and the MCP
// walkthrough's return from the consent page.
import { renderAdmin } from './admin-view.js';
import { adoptCsrfToken, api } from './api.js';
import { renderConnections } from './connections-view.js';
import { badge, h, replaceChildren } from './dom.js';
import { renderFunctions } from './functions-view.js';
import { renderBuildStatus, renderHeader } from './header.js';
import { renderMcp, takeMcpCallback } from './mcp-view.js';
import { renderRecords } from './records-view.js';
import { renderSandbox } from './sandbox-view.js';

const MEMBER_KEY = 'twenty-connect.member';

const VIEWS = [
  {
    key: 'connections',
    label: 'Connections',
    hint: 'Your accounts at each provider',
    render: renderConnections,
  },
  { key: 'records', label: 'Records', hint: 'Companies, opportunities, linked work', render: renderRecords },
  { key: 'functions', label: 'Functions', hint: 'Tools, routes, cron jobs, events', render: renderFunctions },
  { key: 'mcp', label: 'MCP', hint: 'AI clients call the tools over OAuth', render: renderMcp },
  {
    key: 'sandbox',
    label: 'Sandbox',
    hint: 'What the fake providers hold',
    render: renderSandbox,
    sandboxOnly: true,
  },
  { key: 'admin', label: 'Admin', hint: 'Client credentials and variables', render: renderAdmin },
];

const ctx = {
  session: null,
  memberId: null,
  state: null,
  banner: null,
  get member() {
    return this.session?.members.find((m) => m.id === this.memberId) ?? null;
  },
  /** Reload /api/state and redraw the current view. */
  async refresh() {
    await render();
  },
};

function route() {
  const [key = 'connections', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const view = VIEWS.find((v) => v.key === key && (!v.sandboxOnly || ctx.session?.mode === 'sandbox'));
  return { view: view ?? VIEWS[0], param: rest.map(decodeURIComponent).join('/') || null };
}

function renderNav(current) {
  const nav = document.getElementById('nav');
  const items = VIEWS.filter((v) => !v.sandboxOnly || ctx.session.mode === 'sandbox').map((v) =>
    h(
      'a',
      {
        href: `#/${v.key}`,
        class: `nav-item${v === current ? ' active' : ''}`,
        'data-testid': `nav-${v.key}`,
        'aria-current': v === current ? 'page' : null,
      },
      h('span', { class: 'nav-label' }, v.label),
      h('span', { class: 'nav-hint' }, v.hint),
    ),
  );
  replaceChildren(nav, items);
}

function renderBanner() {
  if (!ctx.banner) return null;
  const { tone, text } = ctx.banner;
  return h(
    'div',
    { class: `banner banner-${tone}`, 'data-testid': 'connection-banner', dataset: { tone } },
    h('span', {}, text),
    h('button', { class: 'btn btn-ghost btn-sm', type: 'button', onclick: () => dismissBanner() }, 'Dismiss'),
  );
}

function dismissBanner() {
  ctx.banner = null;
  document.querySelector('[data-testid="connection-banner"]')?.remove();
}

/** A stable order for people: providers as the app lists them (the runtime sends them so), functions by name. */
function ordered(state) {
  return { ...state, functions: [...state.functions].sort((a, b) => a.name.localeCompare(b.name)) };
}

let renderSeq = 0;
async function render() {
  const seq = ++renderSeq;
  const { view, param } = route();
  if (view.key !== 'connections') ctx.banner = null;
  const main = document.getElementById('main');
  renderNav(view);
  main.setAttribute('aria-busy', 'true');
  try {
    ctx.state = ordered(await api.state(ctx.memberId));
  } catch (error) {
    if (seq !== renderSeq) return;
    replaceChildren(
      main,
      h('div', { class: 'banner banner-danger' }, `Could not load state: ${error.message}`),
    );
    return;
  }
  if (seq !== renderSeq) return;
  renderBuildStatus(ctx.state.build);
  const content = view.render(ctx, param);
  replaceChildren(main, renderBanner(), content);
  main.setAttribute('aria-busy', 'false');
  main.dataset.view = view.key;
}

/** Back from the provider: the runtime redirected to `/?connected=<id>` or `/?connectionError=<message>`. */
function readCallbackParams() {
  const params = new URLSearchParams(location.search);
  const connected = params.get('connected');
  const failure = params.get('connectionError');
  if (!connected && !failure) return;
  ctx.banner = connected
    ? { tone: 'success', text: 'Connection added. The app can now act with it.', connectedId: connected }
    : { tone: 'danger', text: `The connection was not added: ${failure}` };
  history.replaceState(null, '', '/#/connections');
}

function switchMember(id) {
  ctx.memberId = id;
  localStorage.setItem(MEMBER_KEY, id);
  renderHeader(ctx, { onSwitch: switchMember });
  void render();
}

const BUILD_POLL_MS = 2000;

/** Keeps the header's build status current while the runtime rebuilds after saves (the view is left alone). */
function watchBuild() {
  setInterval(async () => {
    if (document.hidden || !ctx.memberId) return;
    try {
      const { build } = await api.state(ctx.memberId);
      if (ctx.state) ctx.state.build = build;
      renderBuildStatus(build);
    } catch {
      // The runtime is restarting or gone: the next poll tries again.
    }
  }, BUILD_POLL_MS);
}

async function boot() {
  // Back from the MCP consent page (`/?mcp-callback=1&code=…`): the walkthrough takes it, the URL becomes #/mcp.
  if (!takeMcpCallback()) readCallbackParams();
  try {
    ctx.session = await api.session();
  } catch (error) {
    replaceChildren(
      document.getElementById('main'),
      h('div', { class: 'banner banner-danger' }, error.message),
    );
    return;
  }
  adoptCsrfToken(ctx.session.csrfToken);
  const saved = localStorage.getItem(MEMBER_KEY);
  const members = ctx.session.members;
  ctx.memberId =
    (members.find((m) => m.id === saved) ?? members.find((m) => m.isAdmin) ?? members[0])?.id ?? null;
  renderHeader(ctx, { onSwitch: switchMember });
  document
    .getElementById('mode-slot')
    .replaceChildren(
      ctx.session.mode === 'live'
        ? badge('Live', 'warning', 'mode-badge')
        : badge('Sandbox', 'info', 'mode-badge'),
    );
  window.addEventListener('hashchange', () => void render());
  await render();
  document.body.dataset.ready = 'true';
  watchBuild();
}

void boot();
