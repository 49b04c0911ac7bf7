// Form pieces for Admin: a labelled field, and a write-only secret control.
import { badge, h } from './dom.js';

export function field({ label, help, control }) {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, label),
    control,
    help ? h('span', { class: 'help' }, help) : null,
  );
}

/** A secret input: "Set" with Replace/Clear when stored, a password box otherwise. `read()` gives the change. */
export function secretControl(variable, testId) {
  const input = h('input', {
    class: 'input',
    type: 'password',
    autocomplete: 'off',
    placeholder: variable?.isSet ? 'New secret' : 'Paste the client secret',
    'data-testid': testId,
  });
  let cleared = false;
  if (!variable?.isSet) return { node: input, read: () => (input.value ? input.value : undefined) };
  const status = badge('Set', 'success', `${testId}-status`);
  const box = h('div', { class: 'secret-row' });
  const replace = h(
    'button',
    { class: 'btn btn-sm', type: 'button', 'data-testid': `${testId}-replace` },
    'Replace',
  );
  const clear = h(
    'button',
    { class: 'btn btn-sm btn-danger-ghost', type: 'button', 'data-testid': `${testId}-clear` },
    'Clear',
  );
  replace.addEventListener('click', () => {
    cleared = false;
    box.replaceChildren(input);
    input.focus();
  });
  clear.addEventListener('click', () => {
    cleared = true;
    box.replaceChildren(badge('Will be cleared on save', 'warning'));
  });
  box.append(status, replace, clear);
  return { node: box, read: () => (cleared ? '' : input.value ? input.value : undefined) };
}
