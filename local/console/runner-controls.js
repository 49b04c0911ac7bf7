// Shared controls of the trigger panels: the run button, a JSON editor, a member picker.
import { h } from './dom.js';

export function runButton(label, onClick) {
  const button = h(
    'button',
    { class: 'btn btn-primary', type: 'button', 'data-testid': 'run-function' },
    label,
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.classList.add('loading');
    try {
      await onClick();
    } finally {
      button.disabled = false;
      button.classList.remove('loading');
    }
  });
  return h('footer', { class: 'card-footer' }, button);
}

export function jsonEditor(label, value, testId) {
  const el = h(
    'textarea',
    { class: 'input code-input', rows: 10, spellcheck: 'false', 'data-testid': testId },
    JSON.stringify(value, null, 2),
  );
  const error = h('span', { class: 'field-error', hidden: true });
  const node = h('div', { class: 'field' }, h('span', { class: 'field-label' }, label), el, error);
  const read = () => {
    const raw = el.value.trim();
    if (raw === '') return { value: undefined };
    try {
      error.hidden = true;
      return { value: JSON.parse(raw) };
    } catch {
      error.hidden = false;
      error.textContent = `${label} is not valid JSON`;
      return { error: true };
    }
  };
  return { node, read };
}

export function memberSelect(ctx, { allowNone, testId }) {
  return h(
    'select',
    { class: 'select', 'data-testid': testId },
    ctx.session.members.map((m) =>
      h('option', { value: m.id, selected: m.id === ctx.memberId ? 'selected' : null }, m.name),
    ),
    allowNone ? h('option', { value: '' }, 'No user') : null,
  );
}
