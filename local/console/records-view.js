// Records: companies and opportunities, a record page with its linked work items, and the record-aware tools
// run as the chosen member through POST /api/functions/:id/run (docs/runtime-api.md "Records").
import { api } from './api.js';
import { badge, card, dataTable, emptyState, formatTime, h, json, toast } from './dom.js';
import { schemaForm } from './schema-form.js';

const CATEGORY_TONE = { OPEN: 'info', IN_PROGRESS: 'warning', DONE: 'success', CANCELED: 'neutral' };

/** The record-aware tools, found by name in the app's functions; absent ones show disabled with a note. */
const ACTIONS = [
  { name: 'linear-create-issue', label: 'Create Linear issue' },
  { name: 'github-create-issue', label: 'Create GitHub issue' },
  { name: 'link-work-item', label: 'Link by URL or identifier' },
  { name: 'list-work-items', label: 'Refresh', extra: { refresh: true } },
];

/** The tool's own input form (its `record` argument filled with this record), or a disabled button and a note. */
function actionForm(ctx, action, record, refresh) {
  const fn = ctx.state.functions.find((f) => f.name === action.name && f.triggers.tool);
  if (!fn) {
    return h(
      'div',
      { class: 'row', 'data-testid': `action-${action.name}` },
      h('button', { class: 'btn btn-sm', type: 'button', disabled: true }, action.label),
      h('span', { class: 'help' }, `${action.name} is not in this build yet.`),
    );
  }
  const schema = fn.triggers.tool.inputSchema ?? {};
  const omitted = new Set(['record', ...Object.keys(action.extra ?? {})]);
  const form = schemaForm(
    {
      ...schema,
      properties: Object.fromEntries(
        Object.entries(schema.properties ?? {}).filter(([name]) => !omitted.has(name)),
      ),
      required: (schema.required ?? []).filter((name) => !omitted.has(name)),
    },
    { idPrefix: `record-${action.name}` },
  );
  const button = h('button', { class: 'btn btn-sm btn-primary', type: 'button' }, action.label);
  button.addEventListener('click', async () => {
    const { input, errors } = form.read();
    if (errors.length) return;
    button.disabled = true;
    await runTool(ctx, fn, { ...input, ...(action.extra ?? {}), record }, refresh);
  });
  return h(
    'details',
    { class: 'stack', 'data-testid': `action-${action.name}` },
    h('summary', {}, action.label),
    form.node,
    button,
  );
}

function recordList(ctx, object, title, host) {
  const body = h(
    'div',
    { class: 'stack', 'data-testid': `records-${object}` },
    h('p', { class: 'muted' }, 'Loading…'),
  );
  api
    .records(object, ctx.memberId)
    .then(({ records }) => {
      body.replaceChildren(
        ...records.map((record) =>
          h(
            'a',
            { href: `#/records/${object}/${record.id}`, class: 'nav-item', 'data-testid': 'record-link' },
            h('span', { class: 'nav-label' }, record.name),
            h('span', { class: 'nav-hint' }, `${record.workItemCount} linked item(s)`),
          ),
        ),
      );
    })
    .catch((error) => body.replaceChildren(h('p', { class: 'muted' }, error.message)));
  host.append(card({ title }, body));
}

function workItemRow(ctx, item, record, refresh) {
  const unlink = ctx.state.functions.find((fn) => fn.name === 'unlink-work-item');
  return h(
    'tr',
    { 'data-testid': 'work-item', dataset: { identifier: item.identifier ?? '' } },
    h('td', {}, item.provider ?? '—'),
    h(
      'td',
      {},
      item.url
        ? h('a', { href: item.url, target: '_blank', rel: 'noreferrer' }, item.identifier ?? item.url)
        : item.identifier,
    ),
    h('td', {}, item.title ?? ''),
    h(
      'td',
      { 'data-testid': 'work-item-status' },
      item.status ?? '—',
      ' ',
      item.statusCategory ? badge(item.statusCategory, CATEGORY_TONE[item.statusCategory]) : null,
    ),
    h('td', {}, item.assignee ?? '—'),
    h('td', {}, formatTime(item.lastRefreshedAt)),
    h('td', {}, item.isPrivate ? badge('Private', 'accent') : ''),
    h('td', {}, item.via && item.via.id !== record.id ? `via ${item.via.name}` : ''),
    h(
      'td',
      {},
      h(
        'button',
        {
          class: 'btn btn-ghost btn-sm',
          type: 'button',
          disabled: !unlink,
          title: unlink ? null : 'unlink-work-item is not in this build',
          onclick: () =>
            runTool(
              ctx,
              unlink,
              { workItemId: item.id, record: { object: item.via.object, id: item.via.id } },
              refresh,
            ),
        },
        'Unlink',
      ),
    ),
  );
}

async function runTool(ctx, fn, input, refresh) {
  try {
    const run = await api.runFunction(fn.id, { trigger: 'tool', member: ctx.memberId, input });
    toast(
      run.ok ? `${fn.name} ran` : `${fn.name} failed: ${run.error?.message ?? 'see Functions'}`,
      run.ok ? 'success' : 'danger',
    );
  } catch (error) {
    toast(error.message, 'danger');
  }
  refresh();
}

const HIDDEN = new Set(['object', 'related', 'position', 'deletedAt', 'name']);

/** A field as people read it: composites (amount, domain, emails) formatted, join columns left to `related`. */
function fieldRow(key, value) {
  if (HIDDEN.has(key) || value === null || value === undefined || /Id$/.test(key)) return [];
  let text = value;
  if (typeof value === 'object') {
    if ('amountMicros' in value)
      text = `${value.currencyCode ?? ''} ${(Number(value.amountMicros) / 1e6).toLocaleString()}`.trim();
    else if ('primaryLinkUrl' in value) text = value.primaryLinkUrl;
    else if ('primaryEmail' in value) text = value.primaryEmail;
    else if ('firstName' in value) text = [value.firstName, value.lastName].filter(Boolean).join(' ');
    else return [];
  }
  if (!text && text !== 0) return [];
  return [h('div', { class: 'row' }, h('dt', { class: 'muted' }, key), h('dd', {}, String(text)))];
}

/** Company, people, opportunities, point of contact: links to their record pages. */
function relatedLinks(related) {
  const rows = Object.entries(related).flatMap(([key, value]) => {
    const refs = (Array.isArray(value) ? value : [value]).filter(Boolean);
    if (!refs.length) return [];
    return [
      h(
        'p',
        { 'data-testid': `related-${key}` },
        `${key}: `,
        refs.flatMap((ref, at) => [
          at ? ', ' : null,
          h('a', { href: `#/records/${ref.object}/${ref.id}` }, ref.name),
        ]),
      ),
    ];
  });
  return rows.length ? h('div', { class: 'stack' }, rows) : null;
}

/**
 * One timeline activity as Twenty's generic row reads (EventRowGenericLinked: "<type label> <live name of the
 * linked record>", the time, and an expandable preview); here the preview is the activity's `properties`.
 */
function timelineRow(row) {
  const linked = row.linkedRecord
    ? h(
        'a',
        { href: `#/records/${row.linkedRecord.object}/${row.linkedRecord.id}` },
        row.linkedRecord.name ?? row.linkedRecord.id,
      )
    : null;
  const line = h('span', {}, row.label, linked ? ' ' : '', linked);
  const hasProperties =
    row.properties && typeof row.properties === 'object' && Object.keys(row.properties).length;
  return h(
    'li',
    { class: 'stack', 'data-testid': 'timeline-row', 'data-type': row.type },
    hasProperties
      ? h(
          'details',
          {},
          h('summary', {}, line, ' ', h('span', { class: 'muted' }, formatTime(row.happensAt))),
          json(row.properties),
        )
      : h('div', {}, line, ' ', h('span', { class: 'muted' }, formatTime(row.happensAt))),
  );
}

function recordPage(ctx, object, id, host) {
  const refresh = () => {
    host.replaceChildren();
    recordPage(ctx, object, id, host);
  };
  api
    .record(object, id, ctx.memberId)
    .then(({ record, workItems, timeline = [] }) => {
      const fields = Object.entries(record).flatMap(([key, value]) => fieldRow(key, value));
      const actions = ACTIONS.map((action) => actionForm(ctx, action, { object, id }, refresh));
      host.append(
        h('p', {}, h('a', { href: '#/records' }, '← Records')),
        card(
          { title: record.name, subtitle: object, testId: 'record-page' },
          h('dl', { class: 'stack', 'data-testid': 'record-fields' }, fields),
          relatedLinks(record.related ?? {}),
        ),
        card(
          { title: 'Linked work', testId: 'work-items' },
          workItems.length
            ? dataTable(
                ['Provider', 'Item', 'Title', 'Status', 'Assignee', 'Refreshed', '', '', ''],
                workItems.map((item) => workItemRow(ctx, item, record, refresh)),
              )
            : emptyState({ title: 'Nothing linked yet', testId: 'no-work-items' }),
        ),
        card(
          { title: 'Timeline', testId: 'timeline' },
          timeline.length
            ? h('ul', { class: 'stack' }, timeline.map(timelineRow))
            : emptyState({ title: 'No activity yet', testId: 'no-timeline' }),
        ),
        card({ title: `Run as ${ctx.member?.name ?? 'member'}`, testId: 'record-actions' }, ...actions),
      );
    })
    .catch((error) =>
      host.append(h('div', { class: 'banner banner-danger', 'data-testid': 'record-error' }, error.message)),
    );
}

export function renderRecords(ctx, param) {
  const host = h('div', { class: 'stack', 'data-testid': 'records-view' });
  const [object, id] = (param ?? '').split('/');
  if (object && id) recordPage(ctx, object, id, host);
  else {
    recordList(ctx, 'company', 'Companies', host);
    recordList(ctx, 'opportunity', 'Opportunities', host);
  }
  return host;
}
