// A run's outcome (status, duration, attempts, output, logs) and the recent-runs table.
import { api } from './api.js';
import { badge, card, emptyState, formatTime, h, json, replaceChildren } from './dom.js';
import { callerLabel } from './mcp-clients.js';

export function runOutcome(run) {
  if (run.ok) return badge('Succeeded', 'success', 'run-status');
  return badge('Failed', 'danger', 'run-status');
}

/** Who asked for the run, when an MCP client did; null otherwise. */
function callerLine(run, tag, className) {
  const label = callerLabel(run.caller);
  return label ? h(tag, { class: className, 'data-testid': 'run-caller' }, label) : null;
}

export function renderRun(target, run) {
  const logs = run.logs ?? [];
  replaceChildren(
    target,
    card(
      {
        title: run.functionName ? `Result · ${run.functionName}` : 'Result',
        testId: 'run-result',
        dataset: { ok: String(Boolean(run.ok)), runId: run.runId ?? '' },
        aside: [
          runOutcome(run),
          run.status !== undefined && run.status !== null
            ? badge(`HTTP ${run.status}`, run.status < 400 ? 'neutral' : 'danger')
            : null,
          badge(`${Math.round(run.durationMs ?? 0)} ms`, 'neutral', 'run-duration'),
          badge(`${run.attempts ?? 1} attempt${run.attempts === 1 ? '' : 's'}`, 'neutral', 'run-attempts'),
        ],
      },
      callerLine(run, 'p', 'muted'),
      run.error
        ? h(
            'div',
            { class: 'banner banner-danger', 'data-testid': 'run-error' },
            typeof run.error === 'string' ? run.error : JSON.stringify(run.error),
          )
        : null,
      h('div', { class: 'subhead' }, 'Output'),
      h('div', { 'data-testid': 'run-output' }, json(run.result ?? null)),
      h('div', { class: 'subhead' }, `Logs (${logs.length})`),
      logs.length
        ? h(
            'ol',
            { class: 'logs', 'data-testid': 'run-logs' },
            logs.map((l) =>
              h(
                'li',
                { class: `log log-${l.level}` },
                h('span', { class: 'log-level' }, l.level),
                h('span', { class: 'log-msg' }, l.message),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No logs.'),
    ),
  );
}

export async function loadRuns(target, resultTarget) {
  let runs;
  try {
    runs = await api.runs(20);
  } catch (error) {
    replaceChildren(target, h('p', { class: 'muted' }, `Could not load runs: ${error.message}`));
    return;
  }
  replaceChildren(
    target,
    card(
      {
        title: 'Recent runs',
        subtitle: 'Newest first. Click one to see its output and logs.',
        testId: 'recent-runs',
      },
      runs.length
        ? h(
            'table',
            { class: 'table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Function', 'Trigger', 'Outcome', 'Duration', 'Attempts', 'Started'].map((t) =>
                  h('th', {}, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              runs.map((run) =>
                h(
                  'tr',
                  {
                    class: 'clickable',
                    'data-testid': 'run-row',
                    onclick: () => renderRun(resultTarget, run),
                  },
                  h('td', {}, run.functionName),
                  h('td', {}, run.trigger, callerLine(run, 'div', 'run-caller')),
                  h('td', {}, runOutcome(run)),
                  h('td', {}, `${Math.round(run.durationMs ?? 0)} ms`),
                  h('td', {}, String(run.attempts ?? 1)),
                  h('td', { class: 'muted' }, formatTime(run.startedAt)),
                ),
              ),
            ),
          )
        : emptyState({
            title: 'No runs yet',
            body: 'Pick a function above and run it: the result and logs show up here.',
          }),
    ),
  );
}
