import type { Sandbox } from '../../local/sandboxes/sandbox.ts';
import type { Loose } from './run-function.ts';

/** Every Linear issue a person would see in the sandbox (with `team` key and comments), newest first per team. */
export const linearIssues = (linear: Sandbox): Loose[] =>
  (linear.view() as Loose).teams.flatMap((team: Loose) =>
    team.issues.map((issue: Loose) => ({ ...issue, team: team.key })),
  );

/** One Linear issue by identifier (`ENG-1`) or title, or undefined. */
export const linearIssue = (linear: Sandbox, identifierOrTitle: string): Loose =>
  linearIssues(linear).find(
    (issue) => issue.identifier === identifierOrTitle || issue.title === identifierOrTitle,
  );

/** The API operations a sandbox received, with their HTTP status: `['teams 200', 'issueCreate 200']`. */
export const operationsOf = (sandbox: Sandbox): string[] =>
  sandbox.calls().map((call) => `${call.operation} ${call.status}`);

/** A seeded Linear team's id, by key (`ENG`). */
export const linearTeamId = (linear: Sandbox, key: string): string =>
  (linear.view() as Loose).teams.find((team: Loose) => team.key === key)?.id;
