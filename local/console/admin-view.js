// Admin: OAuth client credentials per provider (secrets never shown), other server and application variables.

import { field, secretControl } from './admin-fields.js';
import { api } from './api.js';
import { badge, card, copyButton, emptyState, h, toast } from './dom.js';

async function save(values, what, ctx) {
  if (Object.keys(values).length === 0) {
    toast('Nothing changed', 'neutral');
    return;
  }
  try {
    await api.setServerVariables(values);
    toast(`${what} saved`);
    await ctx.refresh();
  } catch (error) {
    toast(error.message, 'danger');
  }
}

function providerCard(provider, variables, ctx) {
  const idVar = variables.get(provider.clientIdVariable);
  const secretVar = variables.get(provider.clientSecretVariable);
  const idInput = h('input', {
    class: 'input',
    value: idVar?.value ?? '',
    placeholder: 'Client ID from the provider’s OAuth app',
    autocomplete: 'off',
    'data-testid': `client-id-${provider.name}`,
  });
  const secret = secretControl(secretVar, `client-secret-${provider.name}`);
  const onSave = () => {
    const values = {};
    if (idInput.value.trim() !== (idVar?.value ?? ''))
      values[provider.clientIdVariable] = idInput.value.trim();
    const secretValue = secret.read();
    if (secretValue !== undefined) values[provider.clientSecretVariable] = secretValue;
    return save(values, `${provider.displayName} credentials`, ctx);
  };
  return card(
    {
      title: provider.displayName,
      subtitle: provider.configured
        ? 'Members can add connections.'
        : 'Create an OAuth app at the provider, then fill both fields.',
      aside: provider.configured
        ? badge('Configured', 'success', `provider-status-${provider.name}`)
        : badge('Needs admin', 'warning', `provider-status-${provider.name}`),
      testId: `provider-card-${provider.name}`,
    },
    h(
      'div',
      { class: 'grid-2' },
      field({ label: `Client ID · ${provider.clientIdVariable}`, control: idInput }),
      field({
        label: `Client secret · ${provider.clientSecretVariable}`,
        help: 'Stored encrypted; never shown again.',
        control: secret.node,
      }),
    ),
    h('div', { class: 'subhead' }, 'Callback URLs to register at the provider'),
    h(
      'ul',
      { class: 'url-list' },
      provider.callbackUrls.map((url) =>
        h(
          'li',
          {},
          h('code', {}, url),
          copyButton(() => url),
        ),
      ),
    ),
    h('div', { class: 'subhead' }, 'Scopes requested'),
    h(
      'div',
      { class: 'chips' },
      provider.scopes.length
        ? provider.scopes.map((s) => h('span', { class: 'chip' }, s))
        : h('span', { class: 'muted' }, 'none'),
    ),
    h(
      'footer',
      { class: 'card-footer' },
      h(
        'button',
        {
          class: 'btn btn-primary',
          type: 'button',
          'data-testid': `save-provider-${provider.name}`,
          onclick: onSave,
        },
        'Save credentials',
      ),
    ),
  );
}

function variablesCard({ title, subtitle, variables, testId, onSubmit }) {
  if (variables.length === 0) {
    return card({ title, testId }, emptyState({ title: 'Nothing to set', body: subtitle }));
  }
  const controls = variables.map((v) => {
    if (v.isSecret) return { v, ...secretControl(v, `variable-${v.name}`) };
    const input = h('input', { class: 'input', value: v.value ?? '', 'data-testid': `variable-${v.name}` });
    return { v, node: input, read: () => (input.value !== (v.value ?? '') ? input.value : undefined) };
  });
  return card(
    { title, subtitle, testId },
    h(
      'div',
      { class: 'stack' },
      controls.map(({ v, node }) =>
        field({ label: `${v.name}${v.isRequired ? ' *' : ''}`, help: v.description, control: node }),
      ),
    ),
    h(
      'footer',
      { class: 'card-footer' },
      h(
        'button',
        {
          class: 'btn btn-primary',
          type: 'button',
          'data-testid': `${testId}-save`,
          onclick: () => {
            const values = {};
            for (const { v, read } of controls) {
              const value = read();
              if (value !== undefined) values[v.name] = value;
            }
            return onSubmit(values);
          },
        },
        'Save',
      ),
    ),
  );
}

const HEALTH_TONE = {
  OK: 'success',
  SUCCESS: 'success',
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'danger',
  NEUTRAL: 'neutral',
  UNKNOWN: 'neutral',
};

/**
 * The app's health check as Twenty shows it (POST /api/health-check: status, message, action), run on demand.
 * UNKNOWN means the check threw, timed out or answered something Twenty cannot read.
 */
function healthCard() {
  const result = h('div', { class: 'stack', 'data-testid': 'health-result' });
  const button = h(
    'button',
    { class: 'btn btn-primary', type: 'button', 'data-testid': 'health-run' },
    'Run health check',
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const report = await api.healthCheck();
      result.replaceChildren(
        h(
          'div',
          { class: 'row' },
          badge(report.status, HEALTH_TONE[report.status] ?? 'neutral', 'health-status'),
        ),
        report.message ? h('p', { 'data-testid': 'health-message' }, report.message) : null,
        report.action
          ? h(
              'p',
              { class: 'muted', 'data-testid': 'health-action' },
              `What to do: ${report.action.label}${report.action.location ? ` (${report.action.location})` : ''}`,
            )
          : null,
      );
    } catch (error) {
      result.replaceChildren(h('p', { class: 'muted' }, error.message));
    } finally {
      button.disabled = false;
    }
  });
  return card(
    {
      title: 'Health check',
      subtitle: 'The app’s own report, read as current Twenty servers read it.',
      testId: 'health-card',
    },
    result,
    h('footer', { class: 'card-footer' }, button),
  );
}

export function renderAdmin(ctx) {
  const { providers, serverVariables, applicationVariables } = ctx.state;
  const variables = new Map(serverVariables.map((v) => [v.name, v]));
  const providerVars = new Set(providers.flatMap((p) => [p.clientIdVariable, p.clientSecretVariable]));
  const others = serverVariables.filter((v) => !providerVars.has(v.name));
  return h(
    'div',
    { class: 'view', 'data-testid': 'view-admin' },
    h(
      'div',
      { class: 'view-head' },
      h('h1', {}, 'Admin'),
      h('p', { class: 'muted' }, 'OAuth apps and variables for the whole workspace. Secrets are write-only.'),
    ),
    ctx.member && !ctx.member.isAdmin
      ? h(
          'div',
          { class: 'banner banner-info' },
          `${ctx.member.name} is not an admin; in Twenty only an admin changes these settings.`,
        )
      : null,
    healthCard(),
    h(
      'div',
      { class: 'stack' },
      providers.map((p) => providerCard(p, variables, ctx)),
    ),
    others.length
      ? variablesCard({
          title: 'Other server variables',
          variables: others,
          testId: 'server-variables',
          onSubmit: (values) => save(values, 'Server variables', ctx),
        })
      : null,
    variablesCard({
      title: 'Application variables',
      subtitle: 'Per-workspace settings the app’s functions read (e.g. the Slack channel for the digest).',
      variables: applicationVariables.map((v) => ({ ...v, isSecret: false })),
      testId: 'application-variables',
      onSubmit: async (values) => {
        try {
          await api.setApplicationVariables(values);
          toast('Application variables saved');
          await ctx.refresh();
        } catch (error) {
          toast(error.message, 'danger');
        }
      },
    }),
  );
}
