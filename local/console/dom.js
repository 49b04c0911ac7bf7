// DOM helpers. Everything the server sends is inserted as text nodes or attribute values, never as HTML.

/**
 * Create an element. `attrs` keys: `class`, `dataset` (object), `on<event>` (listener), boolean DOM
 * properties (`disabled`, `checked`, `hidden`), anything else as an attribute. Children: nodes, strings
 * (text), numbers, arrays, or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (['disabled', 'checked', 'hidden', 'required', 'open'].includes(key)) el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
}

/** A table in a scrollable wrapper: one header row, then the caller's `<tr>` rows. */
export function dataTable(headers, rows) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((text) => h('th', {}, text)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A status pill. `tone`: neutral | success | warning | danger | info | accent. */
export function badge(text, tone = 'neutral', testId) {
  return h('span', { class: `badge badge-${tone}`, 'data-testid': testId }, text);
}

export function json(value) {
  return h('pre', { class: 'code' }, JSON.stringify(value, null, 2) ?? 'undefined');
}

export function emptyState({ title, body, action, testId }) {
  return h(
    'div',
    { class: 'empty', 'data-testid': testId },
    h('div', { class: 'empty-title' }, title),
    body ? h('p', { class: 'empty-body' }, body) : null,
    action ?? null,
  );
}

export function card({ title, subtitle, aside, testId, dataset }, ...body) {
  return h(
    'section',
    { class: 'card', 'data-testid': testId, dataset },
    title || aside
      ? h(
          'header',
          { class: 'card-header' },
          h(
            'div',
            {},
            h('h3', { class: 'card-title' }, title),
            subtitle ? h('p', { class: 'muted' }, subtitle) : null,
          ),
          aside ? h('div', { class: 'card-aside' }, aside) : null,
        )
      : null,
    ...body,
  );
}

export function copyButton(getText, label = 'Copy') {
  const button = h('button', { class: 'btn btn-ghost btn-sm', type: 'button' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getText());
      toast('Copied to clipboard');
    } catch {
      toast('Copy failed: select the text and copy it by hand', 'danger');
    }
  });
  return button;
}

export function toast(message, tone = 'success') {
  let region = document.getElementById('toasts');
  if (!region) {
    region = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  const item = h('div', { class: `toast toast-${tone}`, 'data-testid': 'toast', dataset: { tone } }, message);
  region.append(item);
  setTimeout(() => item.remove(), tone === 'danger' ? 9000 : 4500);
}

/** A modal built on <dialog>. Resolves with the submitted FormData, or null when cancelled. */
export function modal({ title, body, submitLabel = 'Continue', tone = 'primary', testId }) {
  return new Promise((resolve) => {
    const form = h(
      'form',
      { method: 'dialog', class: 'modal-form' },
      h('h3', { class: 'modal-title' }, title),
      h('div', { class: 'modal-body' }, body),
      h(
        'div',
        { class: 'modal-actions' },
        h('button', { class: 'btn', value: 'cancel', type: 'submit', formnovalidate: true }, 'Cancel'),
        h(
          'button',
          { class: `btn btn-${tone}`, value: 'ok', type: 'submit', 'data-testid': 'modal-submit' },
          submitLabel,
        ),
      ),
    );
    const dialog = h('dialog', { class: 'modal', 'data-testid': testId }, form);
    dialog.addEventListener('close', () => {
      const data = dialog.returnValue === 'ok' ? new FormData(form) : null;
      dialog.remove();
      resolve(data);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}
