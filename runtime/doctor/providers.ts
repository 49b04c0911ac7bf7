import type { ProviderSpec } from '../../src/core/provider.ts';
import githubDefinition from '../../src/providers/github/github.connection-provider.ts';
import { github } from '../../src/providers/github/github.provider.ts';
import linearDefinition from '../../src/providers/linear/linear.connection-provider.ts';
import { linear } from '../../src/providers/linear/linear.provider.ts';
import slackDefinition from '../../src/providers/slack/slack.connection-provider.ts';
import { slack } from '../../src/providers/slack/slack.provider.ts';
import type { Check, ProbeContext } from './probe-kit.ts';
import { probeGithub } from './probes/github.probe.ts';
import { probeLinear } from './probes/linear.probe.ts';
import { probeSlack } from './probes/slack.probe.ts';

export type DoctorProvider = {
  spec: ProviderSpec;
  /** The scopes the app's connection-provider definition requests. */
  requestedScopes: readonly string[];
  probe: (ctx: ProbeContext) => Promise<Check[]>;
};

/** `defineConnectionProvider` returns `{ success, config }`; the doctor reads the requested scopes from it. */
const scopesOf = (definition: unknown): string[] =>
  (definition as { config?: { oauth?: { scopes?: string[] } } }).config?.oauth?.scopes ?? [];

export const DOCTOR_PROVIDERS: DoctorProvider[] = [
  { spec: linear, requestedScopes: scopesOf(linearDefinition), probe: probeLinear },
  { spec: github, requestedScopes: scopesOf(githubDefinition), probe: probeGithub },
  { spec: slack, requestedScopes: scopesOf(slackDefinition), probe: probeSlack },
];
