// The MCP walkthrough: numbered steps, each a button that makes the real requests and shows them redacted.
import { badge, card, h, replaceChildren, toast } from './dom.js';
import { renderExchange } from './mcp-http.js';
import { ACTIONS } from './mcp-steps.js';
import { clearFrom, loadWalkthrough, redactorFor, resetWalkthrough, saveWalkthrough } from './mcp-store.js';

/** Arguments that do something useful in the sandbox, for tools where an empty object would not. */
const SAMPLE_ARGS = {
  app_linear_create_issue: { team: 'ENG', title: 'Hello from MCP' },
  app_github_create_issue: { repository: 'acme/website', title: 'Hello from MCP' },
  app_slack_post_message: { channel: '#general', text: 'Hello from MCP' },
};
const PREFERRED_TOOL = 'app_connections_status';

const STEPS = [
  {
    key: 'challenge',
    title: 'Call /mcp without a token',
    explain:
      'A client that has no token gets 401 and a WWW-Authenticate header that points to the protected-resource metadata.',
    button: 'Send POST /mcp',
  },
  {
    key: 'discover',
    title: 'Discover the authorization server',
    explain:
      'The protected-resource metadata names the authorization server; its metadata names the endpoints and what they support.',
    button: 'Fetch the metadata',
  },
  {
    key: 'register',
    title: 'Register a client',
    explain:
      'Dynamic client registration: a public client (no secret, PKCE instead) with the console as its redirect URI.',
    button: 'Register',
    needs: (s) => (s.asm ? null : 'Discover the authorization server first (step 1).'),
  },
  {
    key: 'authorize',
    title: 'Authorize as a member',
    explain:
      'The browser goes to the authorization endpoint with a PKCE challenge and a state. On the consent page, pick the member and approve: you come back here with a code.',
    button: 'Go to the consent page',
    needs: (s) => (s.client ? null : 'Register a client first (step 2).'),
  },
  {
    key: 'token',
    title: 'Exchange the code for tokens',
    explain:
      'The code, the PKCE verifier and the resource go to the token endpoint; an access token comes back.',
    button: 'Exchange the code',
    needs: (s) => (s.callback?.code ? null : 'Authorize first (step 3): a fresh code is needed.'),
  },
  {
    key: 'list',
    title: 'Initialize and list the tools',
    explain:
      'MCP over HTTP with the bearer token: initialize, the initialized notification, then tools/list.',
    button: 'Initialize + tools/list',
    needs: (s) => (s.token ? null : 'Get an access token first (step 4).'),
  },
  {
    key: 'call',
    title: 'Call a tool',
    explain:
      'tools/call runs the tool as the member who approved: their own connections and the shared ones.',
    button: 'Call the tool',
    needs: (s) => (s.token ? null : 'Get an access token first (step 4).'),
  },
  {
    key: 'revoke',
    title: 'Revoke the token (optional)',
    explain: 'The client revokes its access token; /mcp answers 401 to it from then on.',
    button: 'Revoke and retry',
    needs: (s) =>
      !s.token
        ? 'Get an access token first (step 4).'
        : s.revoked
          ? 'Already revoked.'
          : s.asm?.revocation_endpoint
            ? null
            : 'The authorization server lists no revocation_endpoint.',
  },
];

const STATUS_BADGES = {
  done: ['Done', 'success'],
  error: ['Failed', 'danger'],
  warning: ['Tool error', 'warning'],
  pending: ['Waiting for consent', 'info'],
};

function sampleArgs(tool) {
  if (!tool) return {};
  if (SAMPLE_ARGS[tool.name]) return SAMPLE_ARGS[tool.name];
  const schema = tool.inputSchema ?? {};
  const args = {};
  for (const name of schema.required ?? []) {
    const type = [schema.properties?.[name]?.type].flat()[0];
    args[name] =
      type === 'integer' || type === 'number'
        ? (schema.properties[name].minimum ?? 0)
        : type === 'boolean'
          ? false
          : type === 'array'
            ? []
            : type === 'object'
              ? {}
              : '';
  }
  return args;
}

function facts(list) {
  if (!list?.length) return null;
  return h(
    'dl',
    { class: 'facts', 'data-testid': 'mcp-facts' },
    list.map(([term, value]) => [h('dt', {}, term), h('dd', {}, h('code', {}, value))]),
  );
}

/** Tool picker and JSON arguments for step 6; both are kept in the walkthrough state. */
function callControls(state, toolNames, onChange) {
  const tools = state.tools ?? toolNames.map((name) => ({ name }));
  const names = tools.map((t) => t.name);
  if (!names.includes(state.callTool)) {
    const callTool = names.includes(PREFERRED_TOOL) ? PREFERRED_TOOL : names[0];
    const callArgs = JSON.stringify(sampleArgs(tools.find((t) => t.name === callTool)), null, 2);
    onChange({ callTool, callArgs });
  }
  const area = h('textarea', {
    class: 'input code-input',
    rows: 5,
    spellcheck: 'false',
    'data-testid': 'mcp-tool-args',
    'aria-label': 'Tool arguments (JSON)',
    value: state.callArgs ?? '{}',
    oninput: (event) => onChange({ callArgs: event.target.value }),
  });
  const select = h(
    'select',
    {
      class: 'select',
      'data-testid': 'mcp-tool-select',
      'aria-label': 'Tool',
      onchange: (event) => {
        const tool = tools.find((t) => t.name === event.target.value);
        area.value = JSON.stringify(sampleArgs(tool), null, 2);
        onChange({ callTool: event.target.value, callArgs: area.value });
      },
    },
    names.map((name) => h('option', { value: name }, name)),
  );
  select.value = state.callTool ?? '';
  const description = tools.find((t) => t.name === state.callTool)?.description;
  return h(
    'div',
    { class: 'stack step-controls' },
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Tool'), select),
    description ? h('p', { class: 'help' }, description) : null,
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Arguments (JSON)'), area),
  );
}

function stepCard(state, def, index, { running, run, toolNames, patch }) {
  const result = state.steps[def.key];
  const blocked = def.needs?.(state) ?? null;
  const [label, tone] = STATUS_BADGES[result?.status] ?? ['To do', 'neutral'];
  const button = h(
    'button',
    {
      class: `btn ${result ? '' : 'btn-primary'}${running === def.key ? ' loading' : ''}`,
      type: 'button',
      disabled: Boolean(blocked) || Boolean(running),
      'data-testid': `mcp-run-${def.key}`,
      onclick: () => run(def.key),
    },
    running === def.key ? 'Working…' : result && def.key !== 'call' ? `${def.button} again` : def.button,
  );
  return card(
    {
      title: h(
        'span',
        { class: 'step-title' },
        h('span', { class: 'step-number' }, String(index)),
        def.title,
      ),
      subtitle: def.explain,
      aside: badge(label, tone, 'mcp-step-status'),
      testId: `mcp-step-${def.key}`,
      dataset: { status: result?.status ?? 'todo', step: String(index) },
    },
    def.key === 'call' && !blocked ? callControls(state, toolNames, patch) : null,
    h('div', { class: 'step-actions' }, button, blocked ? h('span', { class: 'help' }, blocked) : null),
    result?.message
      ? h(
          'div',
          { class: `banner banner-${result.status === 'warning' ? 'info' : 'danger'}` },
          result.message,
        )
      : null,
    facts(result?.facts),
    (result?.exchanges ?? []).map(renderExchange),
    def.key === 'authorize' && state.callback
      ? h(
          'div',
          { class: 'stack', 'data-testid': 'mcp-callback' },
          h('div', { class: 'subhead' }, 'Back at the console'),
          h('pre', { class: 'code exchange-code' }, `GET ${state.callback.url}`),
          facts(state.callback.checks),
        )
      : null,
    def.key === 'call' && result?.output
      ? h(
          'div',
          { class: 'stack' },
          h('div', { class: 'subhead' }, 'Tool output (the text content, parsed)'),
          h('pre', { class: 'code exchange-code', 'data-testid': 'mcp-tool-output' }, result.output),
        )
      : null,
  );
}

/**
 * The walkthrough, drawn into `target` and redrawn after every step. `info` is GET /api/mcp; `afterStep` runs
 * after each step that ran here (not after the trip to the consent page, which reloads the whole page).
 */
export function mountWalkthrough(target, info, { afterStep } = {}) {
  let state = loadWalkthrough();
  let running = null;

  const patch = (changes) => {
    Object.assign(state, changes);
    saveWalkthrough(state);
  };

  const run = async (key) => {
    state = loadWalkthrough(); // a redraw of the page may have saved newer state
    running = key;
    draw();
    let navigateTo = null;
    try {
      const args = key === 'call' ? parseCall(state) : undefined;
      clearFrom(state, key);
      navigateTo = await ACTIONS[key](state, redactorFor(state), args);
      saveWalkthrough(state);
    } catch (error) {
      toast(error.message, 'danger');
    } finally {
      running = null;
    }
    if (typeof navigateTo === 'string') {
      location.assign(navigateTo);
      return;
    }
    draw();
    await afterStep?.();
  };

  const startOver = () => {
    state = resetWalkthrough();
    draw();
  };

  function draw() {
    if (!target.isConnected && target.dataset.mounted) return;
    target.dataset.mounted = 'true';
    replaceChildren(
      target,
      h(
        'div',
        { class: 'toolbar walkthrough-head' },
        h(
          'div',
          {},
          h('h2', { class: 'section-title' }, 'Walkthrough: an MCP client, step by step'),
          h(
            'p',
            { class: 'muted' },
            'Real requests to this runtime, shown as sent and received; tokens and codes are shortened. Progress is kept in this tab.',
          ),
        ),
        h(
          'button',
          {
            class: 'btn btn-sm',
            type: 'button',
            'data-testid': 'mcp-start-over',
            disabled: Boolean(running),
            onclick: startOver,
          },
          'Start over',
        ),
      ),
      STEPS.map((def, index) => stepCard(state, def, index, { running, run, toolNames: info.tools, patch })),
    );
  }

  draw();
}

function parseCall(state) {
  if (!state.callTool) throw new Error('Choose a tool.');
  let args;
  try {
    args = JSON.parse(state.callArgs || '{}');
  } catch (error) {
    throw new Error(`The arguments are not valid JSON: ${error.message}`);
  }
  if (!args || typeof args !== 'object' || Array.isArray(args))
    throw new Error('The arguments must be a JSON object.');
  return { name: state.callTool, args };
}
