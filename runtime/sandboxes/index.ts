import { createGithubSandbox } from './github/github.sandbox.ts';
import { createLinearSandbox } from './linear/linear.sandbox.ts';
import type { ProviderName, Sandbox } from './sandbox.ts';
import { createSlackSandbox } from './slack/slack.sandbox.ts';

/** One fresh, seeded sandbox per provider, keyed by provider name. */
export function createSandboxes(options: { now?: () => number } = {}): Record<ProviderName, Sandbox> {
  return {
    linear: createLinearSandbox(options),
    github: createGithubSandbox(options),
    slack: createSlackSandbox(options),
  };
}

/** The sandbox that answers for a URL's host (`api.linear.app` → Linear), if any. */
export function sandboxForUrl(sandboxes: Record<ProviderName, Sandbox>, url: string): Sandbox | undefined {
  const host = new URL(url).hostname;
  return Object.values(sandboxes).find((sandbox) => sandbox.hosts.includes(host));
}
