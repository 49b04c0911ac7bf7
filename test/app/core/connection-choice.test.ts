import type { AppConnection } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/core/app-error.ts';
import { type Caller, chooseConnection } from '../../../src/core/connection-choice.ts';
import { linear } from '../../../src/providers/linear/linear.provider.ts';

let next = 0;
const row = (overrides: Partial<AppConnection>): AppConnection => {
  next += 1;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    providerName: 'linear',
    name: `Linear #${next}`,
    handle: 'someone@members.test',
    visibility: 'user',
    userWorkspaceId: 'uw-ada',
    workspaceMemberId: null,
    accessToken: `token-${next}`,
    scopes: [],
    authFailedAt: null,
    authFailedReason: null,
    ...overrides,
  };
};

const ada: Caller = { kind: 'member', userWorkspaceId: 'uw-ada' };
const workspace: Caller = { kind: 'workspace' };
const choose = (connections: AppConnection[], caller: Caller, requested?: string) =>
  chooseConnection(connections, { provider: linear, caller, requested });
const failure = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected chooseConnection to throw');
};

describe('chooseConnection preference order', () => {
  const shared = row({ visibility: 'workspace', userWorkspaceId: 'uw-grace', name: 'Team Linear' });
  const adasOwn = row({ name: 'Ada Linear' });
  const gracesOwn = row({ userWorkspaceId: 'uw-grace', name: 'Grace Linear' });

  it('gives a member their own personal connection before the workspace-shared one', () => {
    expect(choose([shared, gracesOwn, adasOwn], ada)).toBe(adasOwn);
  });

  it('falls back to the workspace-shared connection when the member has none', () => {
    expect(choose([gracesOwn, shared], ada)).toBe(shared);
  });

  it('skips the member’s own connection when Twenty marked it failed, and uses the shared one', () => {
    const failed = row({ name: 'Ada Linear', authFailedAt: '2026-01-01T00:00:00Z' });
    expect(choose([failed, shared], ada)).toBe(shared);
  });

  it('lets the member pick the shared connection by name, ignoring case and padding', () => {
    expect(choose([adasOwn, shared], ada, '  team linear ')).toBe(shared);
  });

  it('lets the member pick by id', () => {
    expect(choose([adasOwn, shared], ada, shared.id)).toBe(shared);
  });

  it('gives a run without a user only the workspace-shared connection', () => {
    expect(choose([adasOwn, gracesOwn, shared], workspace)).toBe(shared);
  });

  it('uses the first workspace-shared connection in Twenty’s order when there are several', () => {
    const second = row({ visibility: 'workspace', name: 'Other shared' });
    expect(choose([second, shared], workspace)).toBe(second);
  });

  it('ignores connections of other providers', () => {
    const githubShared = row({ providerName: 'github', visibility: 'workspace' });
    expect(failure(() => choose([githubShared], ada)).code).toBe('NOT_CONNECTED');
  });

  it('refuses another member’s connection requested by id, without naming it', () => {
    const error = failure(() => choose([gracesOwn, shared], ada, gracesOwn.id));
    expect(error.code).toBe('NOT_CONNECTED');
    expect(error.fields).toEqual(['connection']);
    expect(error.message).toContain('"Team Linear"');
    expect(error.message).not.toContain('Grace Linear');
  });

  it('refuses another member’s connection requested by name, even when it is the only one', () => {
    const error = failure(() => choose([gracesOwn], ada, 'Grace Linear'));
    expect(error.code).toBe('NOT_CONNECTED');
    expect(error.message).not.toContain('Available');
  });

  it('tells a run without a user that only workspace-shared connections count', () => {
    const error = failure(() => choose([adasOwn], workspace));
    expect(error.code).toBe('NOT_CONNECTED');
    expect(error.message).toContain('Workspace shared');
  });

  it('asks to reconnect, naming the connection and Twenty’s reason, when only failed ones remain', () => {
    const failed = row({
      name: 'Ada Linear',
      authFailedAt: '2026-01-01T00:00:00Z',
      authFailedReason: 'token revoked',
    });
    const error = failure(() => choose([failed, gracesOwn], ada));
    expect(error.code).toBe('RECONNECT_REQUIRED');
    expect(error.message).toContain('"Ada Linear"');
    expect(error.message).toContain('token revoked');
    expect(error.message).not.toContain('Grace Linear');
  });
});
