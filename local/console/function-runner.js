// One panel per trigger kind; each builds the body of POST /api/functions/:id/run and hands it to `run`.
import { h } from './dom.js';
import { jsonEditor, memberSelect, runButton } from './runner-controls.js';
import { sampleEvent } from './sample-events.js';
import { schemaForm } from './schema-form.js';

export const TRIGGERS = [
  { key: 'tool', label: 'Tool', tone: 'accent' },
  { key: 'route', label: 'Route', tone: 'info' },
  { key: 'serverRoute', label: 'Server route', tone: 'info' },
  { key: 'cron', label: 'Cron', tone: 'warning' },
  { key: 'databaseEvent', label: 'Event', tone: 'success' },
  { key: 'connection', label: 'Hook', tone: 'neutral' },
];

function toolPanel(ctx, fn, run) {
  const form = schemaForm(fn.triggers.tool.inputSchema, { idPrefix: 'input' });
  const who = memberSelect(ctx, { allowNone: true, testId: 'run-as' });
  who.value = ctx.memberId ?? '';
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      { class: 'muted' },
      'AI tool ',
      h('code', {}, fn.triggers.tool.toolName),
      '. Fill the arguments an agent would send.',
    ),
    form.node,
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, 'Run as'),
      who,
      h(
        'span',
        { class: 'help' },
        '“No user” is an agent run without a requesting member: only workspace-shared connections apply.',
      ),
    ),
    runButton('Run tool', () => {
      const { input, errors } = form.read();
      if (errors.length) return;
      return run({ trigger: 'tool', member: who.value || null, input });
    }),
  );
}

function skeleton(schema) {
  const out = {};
  for (const name of schema?.required ?? [])
    out[name] = schema.properties?.[name]?.type === 'number' ? 0 : '';
  return out;
}

function routePanel(ctx, fn, run) {
  const { path, httpMethod, isAuthRequired } = fn.triggers.route;
  const auth = h(
    'select',
    { class: 'select', 'data-testid': 'route-auth' },
    h('option', { value: 'member' }, `Member token (${ctx.member?.name ?? 'member'})`),
    h('option', { value: 'apiKey' }, 'API key (no user)'),
    h('option', { value: 'none' }, 'No Authorization header'),
  );
  auth.value = isAuthRequired ? 'member' : 'none';
  const body = jsonEditor('Body (JSON)', skeleton(fn.triggers.tool?.inputSchema), 'route-body');
  const query = h('input', { class: 'input', placeholder: 'a=1&b=2', 'data-testid': 'route-query' });
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      {},
      h('span', { class: 'method' }, httpMethod),
      // TWENTY_FUNCTIONS_URL (the public function domain, emulated at /_functions) and the legacy /s/ form.
      h('code', { 'data-testid': 'route-url' }, `${ctx.session?.baseUrl ?? ''}/_functions${path}`),
      ' · also ',
      h('code', {}, `/s${path}`),
      isAuthRequired ? ' · requires auth' : ' · public',
    ),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Authorization'), auth),
    httpMethod === 'GET' ? null : body.node,
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Query string'), query),
    runButton('Send request', () => {
      const parsed = httpMethod === 'GET' ? { value: undefined } : body.read();
      if (parsed.error) return;
      return run({
        trigger: 'route',
        auth: auth.value,
        member: auth.value === 'member' ? ctx.memberId : undefined,
        body: parsed.value,
        query: Object.fromEntries(new URLSearchParams(query.value)),
      });
    }),
  );
}

function cronPanel(fn, run) {
  const { pattern, nextRunAt } = fn.triggers.cron;
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      {},
      'Schedule ',
      h('code', {}, pattern),
      nextRunAt ? ` · next run ${new Date(nextRunAt).toLocaleString()}` : '',
    ),
    h('p', { class: 'muted' }, 'Runs with no user: only workspace-shared connections are used.'),
    runButton('Run now', () => run({ trigger: 'cron' })),
  );
}

function eventPanel(fn, run) {
  const { eventName, updatedFields } = fn.triggers.databaseEvent;
  const sample = sampleEvent(eventName);
  const recordId = h('input', { class: 'input', value: sample.recordId, 'data-testid': 'event-record-id' });
  const before = jsonEditor('Before', sample.before, 'event-before');
  const after = jsonEditor('After', sample.after, 'event-after');
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      {},
      'On ',
      h('code', {}, eventName),
      updatedFields?.length
        ? ` when ${updatedFields.join(', ')} ${updatedFields.length === 1 ? 'changes' : 'change'}`
        : '',
    ),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Record id'), recordId),
    h('div', { class: 'grid-2' }, before.node, after.node),
    runButton('Emit event', () => {
      const b = before.read();
      const a = after.read();
      if (b.error || a.error) return;
      return run({
        trigger: 'databaseEvent',
        event: { recordId: recordId.value, before: b.value ?? null, after: a.value ?? null },
      });
    }),
  );
}

/** A server route is called by a provider (signed): the panel names the URL to register and what reaches it. */
function serverRoutePanel(fn) {
  const { url, httpMethods, forwardedRequestHeaders } = fn.triggers.serverRoute;
  return h(
    'div',
    { class: 'stack' },
    h('p', {}, `${httpMethods.join(', ')} `, h('code', { 'data-testid': 'server-route-url' }, url)),
    h(
      'p',
      { class: 'muted' },
      'Public, as on Twenty: the resolver checks its caller. It receives only these headers: ',
      forwardedRequestHeaders.length ? forwardedRequestHeaders.join(', ') : 'none',
      ', plus the raw body. Runs show in the run history as server-route and dispatch.',
    ),
  );
}

function hookPanel(fn) {
  const { provider, hook } = fn.triggers.connection;
  return h(
    'p',
    { class: 'muted' },
    `Runs ${hook === 'onConnect' ? 'after a' : 'after disconnecting a'} ${provider} connection. `,
    hook === 'onConnect'
      ? 'Add a connection in Connections to trigger it.'
      : 'Disconnect a connection to trigger it.',
  );
}

export function triggerPanel(ctx, fn, key, run) {
  if (key === 'tool') return toolPanel(ctx, fn, run);
  if (key === 'route') return routePanel(ctx, fn, run);
  if (key === 'cron') return cronPanel(fn, run);
  if (key === 'databaseEvent') return eventPanel(fn, run);
  if (key === 'serverRoute') return serverRoutePanel(fn);
  return hookPanel(fn);
}
