// A form generated from a tool's JSON `inputSchema`: strings, numbers, booleans, enums, string arrays;
// anything else gets a JSON editor. `read()` returns the input object or the list of field errors.
import { h } from './dom.js';

const LONG_TEXT = /description|body|text|message|comment|content|markdown/i;

function typeOf(schema) {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (schema.enum) return 'enum';
  if (type === 'array' && (schema.items?.type === 'string' || schema.items?.enum)) return 'string-array';
  return type ?? (schema.anyOf || schema.oneOf ? 'json' : 'string');
}

function control(name, schema, testId) {
  const kind = typeOf(schema);
  const common = { name, 'data-testid': testId, 'data-field': name, id: testId };
  switch (kind) {
    case 'enum':
      return h(
        'select',
        { class: 'select', ...common },
        h('option', { value: '' }, '—'),
        schema.enum.map((v) => h('option', { value: String(v) }, String(v))),
      );
    case 'boolean':
      return h('input', { type: 'checkbox', class: 'checkbox', ...common, checked: schema.default === true });
    case 'number':
    case 'integer':
      return h('input', {
        class: 'input',
        type: 'number',
        step: kind === 'integer' ? '1' : 'any',
        min: schema.minimum,
        max: schema.maximum,
        value: schema.default,
        ...common,
      });
    case 'string-array':
      return h('textarea', { class: 'input', rows: 3, placeholder: 'One value per line', ...common });
    case 'string':
      return LONG_TEXT.test(name)
        ? h('textarea', { class: 'input', rows: 4, ...common, value: schema.default })
        : h('input', { class: 'input', ...common, value: schema.default, placeholder: schema.format ?? '' });
    default:
      return h('textarea', { class: 'input code-input', rows: 4, placeholder: 'JSON', ...common });
  }
}

function parse(kind, el, schema) {
  if (kind === 'boolean') return { value: el.checked };
  const raw = el.value.trim();
  if (raw === '') return { value: undefined };
  if (kind === 'number' || kind === 'integer') {
    const n = Number(raw);
    if (!Number.isFinite(n) || (kind === 'integer' && !Number.isInteger(n)))
      return { error: `must be ${kind === 'integer' ? 'a whole number' : 'a number'}` };
    return { value: n };
  }
  if (kind === 'enum') {
    const match = schema.enum.find((v) => String(v) === raw);
    return { value: match };
  }
  if (kind === 'string-array')
    return {
      value: raw
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  if (kind === 'string') return { value: el.value };
  try {
    return { value: JSON.parse(raw) };
  } catch {
    return { error: 'is not valid JSON' };
  }
}

export function schemaForm(inputSchema, { idPrefix = 'input' } = {}) {
  const properties = inputSchema?.properties ?? {};
  const required = new Set(inputSchema?.required ?? []);
  const entries = Object.entries(properties).sort(
    ([a], [b]) => Number(required.has(b)) - Number(required.has(a)),
  );
  const fields = entries.map(([name, schema]) => {
    const el = control(name, schema, `${idPrefix}-${name}`);
    const kind = typeOf(schema);
    const label = h(
      'label',
      { class: 'field-label', for: el.id },
      name,
      required.has(name)
        ? h('span', { class: 'required', title: 'required' }, ' *')
        : h('span', { class: 'optional' }, ' optional'),
      h('span', { class: 'type' }, kind === 'string-array' ? 'string[]' : kind),
    );
    const node = h(
      'div',
      { class: kind === 'boolean' ? 'field field-inline' : 'field' },
      label,
      el,
      schema.description ? h('span', { class: 'help' }, schema.description) : null,
      h('span', { class: 'field-error', hidden: true }),
    );
    return { name, kind, schema, el, node };
  });

  function read() {
    const input = {};
    const errors = [];
    for (const f of fields) {
      const { value, error } = parse(f.kind, f.el, f.schema);
      const errorEl = f.node.querySelector('.field-error');
      let message = error ? `${f.name} ${error}` : null;
      if (!message && value === undefined && required.has(f.name)) message = `${f.name} is required`;
      errorEl.hidden = !message;
      errorEl.textContent = message ?? '';
      if (message) errors.push(message);
      else if (value !== undefined && !(f.kind === 'boolean' && value === false && !required.has(f.name)))
        input[f.name] = value;
    }
    return { input, errors };
  }

  const node = fields.length
    ? h(
        'div',
        { class: 'stack schema-form' },
        fields.map((f) => f.node),
      )
    : h('p', { class: 'muted' }, 'This tool takes no input.');
  return { node, read };
}
