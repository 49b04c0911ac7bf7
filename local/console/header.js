// Header controls: who the console acts as, and that member's route token (masked until revealed).
import { badge, copyButton, h, replaceChildren } from './dom.js';

function mask(token) {
  if (!token) return 'no token';
  return `${'•'.repeat(12)}${token.slice(-4)}`;
}

function initials(name) {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

export function renderHeader(ctx, { onSwitch }) {
  const slot = document.getElementById('member-slot');
  const member = ctx.member;
  const select = h(
    'select',
    {
      class: 'select',
      'data-testid': 'member-switcher',
      'aria-label': 'Act as member',
      onchange: (event) => onSwitch(event.target.value),
    },
    ctx.session.members.map((m) =>
      h(
        'option',
        { value: m.id, selected: m.id === ctx.memberId ? 'selected' : null },
        `${m.name}${m.isAdmin ? ' · admin' : ''}`,
      ),
    ),
  );
  select.value = ctx.memberId ?? '';

  let revealed = false;
  const tokenText = h('code', { class: 'token', 'data-testid': 'route-token' }, mask(member?.routeToken));
  const reveal = h(
    'button',
    {
      class: 'btn btn-ghost btn-sm',
      type: 'button',
      'data-testid': 'route-token-reveal',
      onclick: () => {
        revealed = !revealed;
        tokenText.textContent = revealed ? (member?.routeToken ?? '') : mask(member?.routeToken);
        reveal.textContent = revealed ? 'Hide' : 'Show';
      },
    },
    'Show',
  );

  replaceChildren(
    slot,
    h(
      'div',
      {
        class: 'token-box',
        title: 'Bearer token for this member’s calls to the app’s routes (/_functions/* or /s/*)',
      },
      h('span', { class: 'token-label' }, 'Route token'),
      tokenText,
      reveal,
      copyButton(() => member?.routeToken ?? '', 'Copy'),
    ),
    h(
      'label',
      { class: 'member' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(member?.name ?? '?')),
      h('span', { class: 'member-meta' }, h('span', { class: 'member-caption' }, 'Acting as'), select),
    ),
  );
}

const BUILD_TONES = { building: 'info', swapped: 'info', ready: 'success', failed: 'danger' };

/**
 * The app's build beside the mode badge: building, swapped (the saved code runs, the full build is under way),
 * ready (with the time the bundles were swapped in) or failed (the error opens below). Text only, set through
 * the DOM (no markup).
 */
export function renderBuildStatus(build) {
  const slot = document.getElementById('build-slot');
  if (!slot || !build) return;
  const time = new Date(build.at).toLocaleTimeString();
  const label =
    build.state === 'building'
      ? 'Building…'
      : build.state === 'swapped'
        ? `New code running ${time} · full build…`
        : build.state === 'failed'
          ? `Build failed ${time}`
          : `Build ready ${time} · ${build.functions} functions`;
  const title = build.watching
    ? 'Saves in src/ rebuild and swap the bundles'
    : 'Not watching: restart to pick up changes';
  const status = h('span', { title }, badge(label, BUILD_TONES[build.state] ?? 'neutral', 'build-status'));
  replaceChildren(
    slot,
    build.error && build.state === 'failed'
      ? h(
          'details',
          { class: 'build-error', 'data-testid': 'build-error' },
          h('summary', {}, status),
          h('pre', {}, build.error),
        )
      : status,
  );
}
