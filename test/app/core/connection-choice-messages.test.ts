import type { AppConnection } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/core/app-error.ts';
import { type Caller, chooseConnection } from '../../../src/core/connection-choice.ts';
import { SETTINGS } from '../../../src/core/identity.ts';
import { linear } from '../../../src/providers/linear/linear.provider.ts';

/** What the member (or the AI acting for them) reads when no connection fits: names to act on, exactly. */
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
const failure = (connections: AppConnection[], requested?: string): AppError => {
  try {
    chooseConnection(connections, { provider: linear, caller: ada, requested });
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected chooseConnection to throw');
};

describe('connection choice messages', () => {
  it('lists the usable connections, comma-separated, when the requested one is not among them', () => {
    const error = failure(
      [row({ name: 'Work' }), row({ name: 'Team', visibility: 'workspace', userWorkspaceId: 'uw-grace' })],
      'Personal',
    );
    expect(error.message).toBe(
      'No Linear connection "Personal" is available to you. Available: "Work", "Team".',
    );
    expect(error.fields).toEqual(['connection']);
  });

  it('ends the sentence there when nothing is usable', () => {
    const error = failure([row({ userWorkspaceId: 'uw-grace' })], 'Grace');
    expect(error.message).toBe('No Linear connection "Grace" is available to you.');
  });

  it('matches a requested name against stored names with stray spaces, in any case', () => {
    const spaced = row({ name: '  Team Linear ', visibility: 'workspace' });
    expect(
      chooseConnection([row({}), spaced], { provider: linear, caller: ada, requested: 'team linear' }),
    ).toBe(spaced);
  });

  it('says "credentials refused" when Twenty recorded no reason for the failure', () => {
    const error = failure([
      row({ name: 'Work', authFailedAt: '2026-11-20T10:00:00.000Z', authFailedReason: null }),
    ]);
    expect(error.code).toBe('RECONNECT_REQUIRED');
    expect(error.message).toBe(
      `Linear rejected "Work" earlier (credentials refused). Reconnect it in ${SETTINGS}.`,
    );
  });
});
