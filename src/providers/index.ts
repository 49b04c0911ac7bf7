import { github } from './github/github.provider';
import { linear } from './linear/linear.provider';
import { slack } from './slack/slack.provider';

/**
 * Every provider the app connects, in the order people see them: the one place that says which providers
 * exist. serverVariables, connections-status, the health check, the local runtime's console and doctor and the
 * test harness all derive from it (docs/adding-a-provider.md). Only specs here, never clients: every bundle
 * that imports this list stays small.
 */
export const PROVIDERS = [linear, github, slack] as const;

export type ProviderName = (typeof PROVIDERS)[number]['name'];
