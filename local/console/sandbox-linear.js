// The Linear sandbox's own blocks in the Sandbox view: a person's changes to an issue (Move, Assign, Comment, as
// one Linear user, as in Linear's UI), the OAuth app's webhook (URL, signing secret, retry schedule) and its
// deliveries with a Redeliver button each. Everything goes through /api/sandbox/linear/<action>.
import { api } from './api.js';
import { badge, dataTable, formatTime, h, toast } from './dom.js';

/**
 * Remembered across re-renders (every action redraws the view, and again 1.5 s later to show the deliveries):
 * the issue and person picked, and what is being chosen or typed for that issue.
 */
const picked = { issue: null, as: null, state: null, assignee: null, comment: '', url: null };
let revealedSecret = null;

/** `retryScale` choices: Linear's schedule, or the same shape faster (the 5 s timeout is never scaled). */
const SCHEDULES = [
  [1, 'Linear’s: 1 min, 1 h, 6 h'],
  [1 / 60, 'Faster: 1 s, 1 min, 6 min'],
  [1 / 3600, 'Fastest: 17 ms, 1 s, 6 s'],
];

async function act(ctx, label, call, { again = true } = {}) {
  try {
    const result = await call();
    toast(label);
    await ctx.refresh();
    // Deliveries go out just after the change: show their outcome too.
    if (again) setTimeout(() => void ctx.refresh(), 1500);
    return result;
  } catch (error) {
    toast(error.message, 'danger');
    return null;
  }
}

const control = (action, body) => api.sandboxControl('linear', action, body);

function select(label, testId, options, value, onchange) {
  return h(
    'select',
    { class: 'select', 'aria-label': label, 'data-testid': testId, onchange },
    options.map(([optionValue, text]) =>
      h('option', { value: optionValue, selected: optionValue === value ? 'selected' : null }, text),
    ),
  );
}

const button = (label, testId, onclick, tone = '') =>
  h('button', { class: `btn btn-sm ${tone}`, type: 'button', 'data-testid': testId, onclick }, label);

/** Move / Assign / Comment on one issue, as one Linear user. */
export function linearIssueActions(ctx, view) {
  const issues = view.teams.flatMap((team) => team.issues.map((issue) => ({ ...issue, team })));
  if (issues.length === 0) return null;
  const issue = issues.find((candidate) => candidate.identifier === picked.issue) ?? issues[0];
  if (picked.issue !== issue.identifier) Object.assign(picked, { state: null, assignee: null });
  picked.issue = issue.identifier;
  const users = view.users;
  const person = users.find((user) => user.email === picked.as) ?? users[0];
  picked.as = person.email;
  const redraw = () => void ctx.refresh();
  const stateSelect = select(
    'State',
    'sandbox-linear-state',
    issue.team.states.map((name) => [name, name]),
    picked.state ?? issue.state,
    (event) => {
      picked.state = event.target.value;
    },
  );
  const assigneeSelect = select(
    'Assignee',
    'sandbox-linear-assignee',
    [['', 'Unassigned'], ...users.map((user) => [user.email, user.name])],
    picked.assignee ?? users.find((user) => user.name === issue.assignee)?.email ?? '',
    (event) => {
      picked.assignee = event.target.value;
    },
  );
  const commentInput = h('input', {
    class: 'input',
    type: 'text',
    'aria-label': 'Comment text',
    placeholder: 'Write a comment…',
    value: picked.comment,
    'data-testid': 'sandbox-linear-comment-text',
    oninput: (event) => {
      picked.comment = event.target.value;
    },
  });
  const done = (result) => {
    if (result) Object.assign(picked, { state: null, assignee: null });
  };
  const who = `${person.name} (in Linear)`;
  return h(
    'div',
    { 'data-testid': 'sandbox-linear-actions' },
    h(
      'div',
      { class: 'subhead' },
      'Change an issue',
      h('span', { class: 'subhead-note' }, 'as a person in Linear’s UI: the app’s webhook is told'),
    ),
    h(
      'div',
      { class: 'field field-inline sandbox-inline' },
      select(
        'Issue',
        'sandbox-linear-issue',
        issues.map((candidate) => [
          candidate.identifier,
          `${candidate.identifier} · ${candidate.title} · ${candidate.state}`,
        ]),
        issue.identifier,
        (event) => {
          picked.issue = event.target.value;
          redraw();
        },
      ),
      select(
        'Act as',
        'sandbox-linear-as',
        users.map((user) => [user.email, `as ${user.name}`]),
        person.email,
        (event) => {
          picked.as = event.target.value;
        },
      ),
    ),
    h(
      'div',
      { class: 'field field-inline sandbox-inline' },
      stateSelect,
      button('Move', 'sandbox-linear-move', async () =>
        done(
          await act(ctx, `${who} moved ${issue.identifier} to ${stateSelect.value}`, () =>
            control('issue-update', { issue: issue.identifier, state: stateSelect.value, as: picked.as }),
          ),
        ),
      ),
      assigneeSelect,
      button('Assign', 'sandbox-linear-assign', async () =>
        done(
          await act(ctx, `${who} assigned ${issue.identifier}`, () =>
            control('issue-update', {
              issue: issue.identifier,
              assignee: assigneeSelect.value === '' ? null : assigneeSelect.value,
              as: picked.as,
            }),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field field-inline sandbox-inline' },
      commentInput,
      button('Comment', 'sandbox-linear-comment', async () => {
        const body = commentInput.value;
        picked.comment = '';
        const result = await act(ctx, `${who} commented on ${issue.identifier}`, () =>
          control('comment', { issue: issue.identifier, body, as: picked.as }),
        );
        if (!result) {
          picked.comment = body;
          await ctx.refresh();
        }
      }),
    ),
  );
}

/** The OAuth app's webhook as Linear's settings page shows it: URL, signing secret, and the sandbox's retry pace. */
export function linearWebhookPanel(ctx, webhook) {
  const urlInput = h('input', {
    class: 'input',
    type: 'url',
    'aria-label': 'Webhook URL',
    value: picked.url ?? webhook.url ?? '',
    placeholder: 'https://…/webhooks/server/<linear-webhook id>',
    'data-testid': 'sandbox-linear-webhook-url',
    oninput: (event) => {
      picked.url = event.target.value;
    },
  });
  const secret = revealedSecret ?? webhook.secret;
  return h(
    'div',
    { 'data-testid': 'sandbox-linear-webhook' },
    h(
      'div',
      { class: 'subhead' },
      'OAuth app webhook',
      webhook.authorized
        ? badge('organization authorized the app', 'success', 'sandbox-linear-webhook-authorized')
        : badge('no organization has authorized the app: nothing is sent', 'warning'),
    ),
    h(
      'p',
      { class: 'muted small' },
      webhook.urlSource === 'default'
        ? 'URL: the runtime’s own linear-webhook route (the default).'
        : webhook.urlSource === 'admin'
          ? 'URL: set by hand.'
          : 'No URL: the app has no linear-webhook function, or none was set.',
      ' Events: ',
      webhook.resourceTypes.join(', '),
      '.',
    ),
    h(
      'div',
      { class: 'field field-inline sandbox-inline' },
      urlInput,
      button('Save URL', 'sandbox-linear-webhook-save', () => {
        const url = urlInput.value.trim() || null;
        picked.url = null;
        return act(ctx, 'Webhook URL saved', () => control('webhook', { url }), { again: false });
      }),
      button('Use default URL', 'sandbox-linear-webhook-default', () => {
        picked.url = null;
        return act(
          ctx,
          'Webhook URL back to the default',
          () => control('webhook', { useDefaultUrl: true }),
          {
            again: false,
          },
        );
      }),
    ),
    h(
      'div',
      { class: 'secret-row' },
      h('span', {}, 'Signing secret'),
      h('code', { 'data-testid': 'sandbox-linear-webhook-secret' }, secret),
      revealedSecret
        ? button('Hide', 'sandbox-linear-webhook-hide', () => {
            revealedSecret = null;
            void ctx.refresh();
          })
        : button('Show secret', 'sandbox-linear-webhook-show', async () => {
            const result = await act(ctx, 'Shown', () => control('webhook', {}), { again: false });
            if (result) {
              revealedSecret = result.webhook.secret;
              await ctx.refresh();
            }
          }),
      button(
        'Use this secret',
        'sandbox-linear-webhook-use-secret',
        async () => {
          await act(
            ctx,
            'LINEAR_WEBHOOK_SECRET set to the webhook’s signing secret',
            async () => {
              const { webhook: full } = await control('webhook', {});
              await api.setServerVariables({ LINEAR_WEBHOOK_SECRET: full.secret });
            },
            { again: false },
          );
        },
        'btn-primary',
      ),
      button('Regenerate', 'sandbox-linear-webhook-regenerate', () => {
        revealedSecret = null;
        return act(
          ctx,
          'New signing secret: copy it into LINEAR_WEBHOOK_SECRET',
          () => control('webhook', { regenerateSecret: true }),
          { again: false },
        );
      }),
    ),
    h(
      'div',
      { class: 'field field-inline sandbox-inline' },
      h('span', {}, 'Retries'),
      select(
        'Retry schedule',
        'sandbox-linear-webhook-schedule',
        SCHEDULES.map(([scale, label]) => [String(scale), label]),
        String(SCHEDULES.find(([scale]) => Math.abs(scale - webhook.retryScale) < 1e-9)?.[0] ?? 1),
        (event) =>
          act(
            ctx,
            'Retry schedule changed',
            () => control('webhook', { retryScale: Number(event.target.value) }),
            {
              again: false,
            },
          ),
      ),
    ),
  );
}

const TONES = { delivered: 'success', retrying: 'warning', pending: 'info', failed: 'danger' };

/** Deliveries, newest first, each with Redeliver. */
export function linearDeliveries(ctx, deliveries) {
  const title = h(
    'div',
    { class: 'subhead' },
    'Webhook deliveries',
    badge(String(deliveries.length), 'neutral'),
  );
  if (deliveries.length === 0)
    return h(
      'div',
      { 'data-testid': 'sandbox-linear-deliveries' },
      title,
      h('p', { class: 'muted small' }, 'No deliveries yet: change an issue above.'),
    );
  const columns = [
    'Delivery',
    'Event',
    'Action',
    'Item',
    'Status',
    'Code',
    'Attempts',
    'Last attempt',
    'Next retry',
    '',
  ];
  return h(
    'div',
    { 'data-testid': 'sandbox-linear-deliveries' },
    title,
    dataTable(
      columns,
      deliveries.map((delivery) =>
        h(
          'tr',
          { 'data-testid': 'sandbox-linear-delivery-row', dataset: { delivery: delivery.id } },
          h('td', {}, h('code', { title: delivery.id }, delivery.id.slice(0, 8))),
          h('td', {}, delivery.event),
          h('td', {}, delivery.action),
          h('td', {}, delivery.label),
          h('td', {}, badge(delivery.status, TONES[delivery.status] ?? 'neutral')),
          h('td', { title: delivery.error ?? '' }, delivery.statusCode ?? delivery.error ?? '—'),
          h('td', {}, String(delivery.attempts)),
          h('td', {}, formatTime(delivery.lastAttemptAt)),
          h('td', {}, formatTime(delivery.nextRetryAt)),
          h(
            'td',
            {},
            button('Redeliver', `sandbox-linear-redeliver-${delivery.id}`, () =>
              act(ctx, `Delivery ${delivery.id.slice(0, 8)} sent again`, () =>
                control('redeliver', { delivery: delivery.id }),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
