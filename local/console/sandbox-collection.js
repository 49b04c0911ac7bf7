// A sandbox's view (Sandbox.view(): teams with issues with comments, channels with messages, ...) as flat
// tables: nested lists become their own table with a column naming the parent, newest rows first.
import { badge, dataTable, formatTime, h } from './dom.js';

const PREFERRED = [
  'identifier',
  'number',
  'key',
  'fullName',
  'login',
  'name',
  'title',
  'text',
  'body',
  'state',
  'kind',
];
const HIDDEN = new Set(['id', 'description', 'htmlUrl', 'url', 'updatedAt']);
const MAX_COLUMNS = 7;
const MAX_ROWS = 50;

const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRecordList = (v) => Array.isArray(v) && v.length > 0 && v.every(isRecord);

export function humanize(key) {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());
}

const singular = (key) => key.replace(/ies$/, 'y').replace(/s$/, '');
const HEADERS = { ts: 'Sent', at: 'At', createdAt: 'Created' };

/** How a child row names its parent: Linear `ENG-6`, GitHub `owner/repo#12`, Slack `general`. */
function labelOf(row) {
  const parent = Object.keys(row).find((k) => k.startsWith('@'));
  if (row.number !== undefined && row.identifier === undefined)
    return parent ? `${row[parent]}#${row.number}` : `#${row.number}`;
  return row.identifier ?? row.key ?? row.fullName ?? row.login ?? row.name ?? row.id;
}

/** `{ title, rows, parent? }` per list, children after their parents. */
function flatten(key, rows, out, parent) {
  const listFields = new Set();
  for (const row of rows)
    for (const [field, value] of Object.entries(row)) if (isRecordList(value)) listFields.add(field);
  const own = rows.map((row) => {
    const copy = { ...row };
    for (const field of listFields) copy[field] = Array.isArray(row[field]) ? row[field].length : 0;
    return copy;
  });
  out.push({ key, rows: own, parent, listFields });
  for (const field of listFields) {
    const children = rows.flatMap((row) =>
      (Array.isArray(row[field]) ? row[field] : []).map((child) => ({
        [`@${singular(key)}`]: labelOf(row),
        ...child,
      })),
    );
    flatten(field, children, out, singular(key));
  }
  return out;
}

function stampOf(row) {
  if (typeof row.createdAt === 'string') return Date.parse(row.createdAt);
  if (typeof row.ts === 'string') return Number(row.ts) * 1000; // Slack message ids are epoch seconds
  if (typeof row.at === 'string') return Date.parse(row.at);
  return null;
}

function newestFirst(rows) {
  if (!rows.every((r) => Number.isFinite(stampOf(r)))) return rows;
  return [...rows].sort((a, b) => stampOf(b) - stampOf(a));
}

function columnsOf(rows, listFields) {
  const keys = new Set();
  for (const row of rows.slice(0, 20)) for (const key of Object.keys(row)) keys.add(key);
  const parents = [...keys].filter((k) => k.startsWith('@'));
  const preferred = PREFERRED.filter((k) => keys.has(k));
  const rest = [...keys].filter(
    (k) => !k.startsWith('@') && !PREFERRED.includes(k) && !HIDDEN.has(k) && !listFields.has(k),
  );
  const stamp = ['createdAt', 'ts', 'at'].find((k) => rest.includes(k));
  const others = rest.filter((k) => !['createdAt', 'ts', 'at'].includes(k));
  const columns = [...parents, ...preferred, ...others].slice(
    0,
    MAX_COLUMNS - listFields.size - (stamp ? 1 : 0),
  );
  return [...columns, ...listFields, ...(stamp ? [stamp] : [])];
}

function cell(key, value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (key === 'createdAt' || key === 'at') return formatTime(value);
  if (key === 'ts') return formatTime(new Date(Number(value) * 1000).toISOString());
  if (Array.isArray(value))
    return value.length ? value.map((v) => (isRecord(v) ? JSON.stringify(v) : String(v))).join(', ') : '—';
  if (isRecord(value)) return h('code', { class: 'cell-json' }, JSON.stringify(value));
  const text = String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function table(provider, { key, rows, parent, listFields }) {
  const testId = `sandbox-${provider}-${key}`;
  const title = h(
    'div',
    { class: 'subhead' },
    humanize(key),
    parent ? h('span', { class: 'subhead-note' }, `by ${parent}`) : null,
    badge(String(rows.length), 'neutral'),
  );
  if (rows.length === 0)
    return h(
      'div',
      { 'data-testid': testId },
      title,
      h('p', { class: 'muted small' }, `No ${humanize(key).toLowerCase()} yet.`),
    );
  const columns = columnsOf(rows, listFields);
  const shown = newestFirst(rows).slice(0, MAX_ROWS);
  return h(
    'div',
    { 'data-testid': testId },
    title,
    dataTable(
      columns.map((c) => HEADERS[c] ?? humanize(c.replace(/^@/, ''))),
      shown.map((row) =>
        h(
          'tr',
          { 'data-testid': `${testId}-row` },
          columns.map((c) => h('td', {}, cell(c, row[c]))),
        ),
      ),
    ),
    rows.length > MAX_ROWS ? h('p', { class: 'muted small' }, `and ${rows.length - MAX_ROWS} older`) : null,
  );
}

function facts(provider, key, value) {
  return h(
    'div',
    { 'data-testid': `sandbox-${provider}-${key}` },
    h('div', { class: 'subhead' }, humanize(key)),
    h(
      'dl',
      { class: 'facts' },
      Object.entries(value).map(([k, v]) => [h('dt', {}, humanize(k)), h('dd', {}, cell(k, v))]),
    ),
  );
}

/** The blocks for one top-level entry of a sandbox view. */
export function collection(provider, key, value) {
  if (isRecord(value)) return facts(provider, key, value);
  if (Array.isArray(value) && value.every(isRecord))
    return flatten(key, value, []).map((list) => table(provider, list));
  return h(
    'div',
    { 'data-testid': `sandbox-${provider}-${key}` },
    h('div', { class: 'subhead' }, humanize(key)),
    h('p', {}, cell(key, value)),
  );
}
