// Functions: every logic function with its triggers; run one and see result, logs, duration, attempts.
import { api } from './api.js';
import { badge, card, emptyState, h, replaceChildren, toast } from './dom.js';
import { TRIGGERS, triggerPanel } from './function-runner.js';
import { loadRuns, renderRun } from './run-result.js';

function triggerBadges(fn) {
  return TRIGGERS.filter((t) => fn.triggers?.[t.key]).map((t) => badge(t.label, t.tone, `trigger-${t.key}`));
}

function detail(ctx, fn, runsTarget) {
  const available = TRIGGERS.filter((t) => fn.triggers?.[t.key]);
  const resultTarget = h('div', { class: 'result-slot' });
  const panelTarget = h('div', {});
  const run = async (body) => {
    try {
      const result = await api.runFunction(fn.id, body);
      renderRun(resultTarget, { ...result, functionName: fn.name });
      toast(result.ok ? `${fn.name} succeeded` : `${fn.name} failed`, result.ok ? 'success' : 'danger');
    } catch (error) {
      toast(error.message, 'danger');
    }
    await loadRuns(runsTarget, resultTarget);
  };
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const select = (key) => {
    for (const tab of tabs.children) tab.setAttribute('aria-selected', String(tab.dataset.key === key));
    replaceChildren(panelTarget, triggerPanel(ctx, fn, key, run));
  };
  for (const t of available) {
    tabs.append(
      h(
        'button',
        {
          class: 'tab',
          type: 'button',
          role: 'tab',
          dataset: { key: t.key },
          'data-testid': `tab-${t.key}`,
          onclick: () => select(t.key),
        },
        t.label,
      ),
    );
  }
  if (available[0]) select(available[0].key);
  void loadRuns(runsTarget, resultTarget);
  return h(
    'div',
    { class: 'stack', 'data-testid': 'function-detail', dataset: { functionName: fn.name } },
    card(
      { title: fn.name, subtitle: fn.description, aside: triggerBadges(fn) },
      h('p', { class: 'muted small' }, `Times out after ${fn.timeoutSeconds ?? 300} s`),
      available.length > 1 ? tabs : null,
      panelTarget,
    ),
    resultTarget,
  );
}

export function renderFunctions(ctx, selectedId) {
  const { functions } = ctx.state;
  const runsTarget = h('div', {});
  if (functions.length === 0) {
    return h(
      'div',
      { class: 'view' },
      emptyState({
        title: 'No functions',
        body: 'Build the app (`npm run build`) and restart the runtime.',
        testId: 'functions-empty',
      }),
    );
  }
  const selected = functions.find((f) => f.id === selectedId || f.name === selectedId) ?? null;
  const list = h(
    'nav',
    { class: 'fn-list', 'aria-label': 'Functions' },
    functions.map((fn) =>
      h(
        'a',
        {
          href: `#/functions/${encodeURIComponent(fn.id)}`,
          class: `fn-item${fn === selected ? ' active' : ''}`,
          'data-testid': 'function-item',
          dataset: { functionName: fn.name, functionId: fn.id },
        },
        h('span', { class: 'fn-name' }, fn.name),
        h('span', { class: 'fn-badges' }, triggerBadges(fn)),
      ),
    ),
  );
  let body;
  if (selected) body = detail(ctx, selected, runsTarget);
  else {
    const resultTarget = h('div', { class: 'result-slot' });
    void loadRuns(runsTarget, resultTarget);
    body = h(
      'div',
      { class: 'stack' },
      emptyState({
        title: 'Pick a function',
        body: 'Choose one on the left to run it as a tool, call its route, run its cron job or emit its event.',
      }),
      resultTarget,
    );
  }
  return h(
    'div',
    { class: 'view', 'data-testid': 'view-functions' },
    h(
      'div',
      { class: 'view-head' },
      h('h1', {}, 'Functions'),
      h(
        'p',
        { class: 'muted' },
        `${functions.length} logic functions, run through the same bundles Twenty deploys.`,
      ),
    ),
    h('div', { class: 'split' }, list, h('div', { class: 'split-main' }, body)),
    runsTarget,
  );
}
