import { createGithubSandbox } from './github/github.sandbox.ts';
import { createLinearSandbox } from './linear/linear.sandbox.ts';
import type { Sandbox } from './sandbox.ts';
import { createSlackSandbox } from './slack/slack.sandbox.ts';

type SandboxOptions = { now?: () => number };

/**
 * Which sandboxes exist: the runtime's own list of fake providers, keyed by the connection provider name each
 * stands in for. Not derived from the app's list (`src/providers/index.ts`): sandboxes never import `src/`,
 * and a provider without a sandbox still works in live mode. A new sandbox adds one line here.
 */
const SANDBOXES = {
  linear: createLinearSandbox,
  github: createGithubSandbox,
  slack: createSlackSandbox,
} satisfies Record<string, (options: SandboxOptions) => Sandbox>;

export type SandboxName = keyof typeof SANDBOXES;
/** A provider that has a sandbox. */
export type ProviderName = SandboxName;

/** One fresh, seeded sandbox per provider, keyed by provider name. */
export function createSandboxes(options: SandboxOptions = {}): Record<SandboxName, Sandbox> {
  return Object.fromEntries(
    Object.entries(SANDBOXES).map(([name, create]) => [name, create(options)]),
  ) as Record<SandboxName, Sandbox>;
}

/** The sandbox that answers for a URL's host (`api.linear.app` → Linear), if any. */
export function sandboxForUrl(sandboxes: Record<SandboxName, Sandbox>, url: string): Sandbox | undefined {
  const host = new URL(url).hostname;
  return Object.values(sandboxes).find((sandbox) => sandbox.hosts.includes(host));
}
