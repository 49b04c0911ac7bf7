import fc from 'fast-check';
import type { AppConnection } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/app-error.ts';
import { type Caller, chooseConnection } from '../../../src/core/connection-choice.ts';
import type { ProviderSpec } from '../../../src/core/provider.ts';
import { github } from '../../../src/providers/github/github.provider.ts';
import { linear } from '../../../src/providers/linear/linear.provider.ts';
import { slack } from '../../../src/providers/slack/slack.provider.ts';

const PROVIDERS: Record<string, ProviderSpec> = { linear, github, slack };
const MEMBERS = ['uw-ada', 'uw-grace', 'uw-alan', 'uw-edsger'];

type World = { connections: AppConnection[]; caller: Caller; provider: ProviderSpec; requested?: string };

const rowShape = fc.record({
  provider: fc.constantFrom('linear', 'github', 'slack'),
  visibility: fc.constantFrom<'user' | 'workspace'>('user', 'workspace'),
  owner: fc.constantFrom(...MEMBERS),
  failed: fc.boolean(),
  nameChoice: fc.nat(),
});

/**
 * Random connection sets: names drawn from a small pool (so duplicates across members and providers are
 * common), some names equal to other rows' ids, some with different case or padding.
 */
const world: fc.Arbitrary<World> = fc
  .tuple(
    fc.array(rowShape, { maxLength: 9 }),
    fc.uniqueArray(fc.uuid(), { minLength: 9, maxLength: 9 }),
    fc.constantFrom('linear', 'github', 'slack'),
    fc.option(fc.constantFrom(...MEMBERS, 'uw-outsider'), { nil: undefined }),
    fc.nat(),
    fc.constantFrom('id', 'name', 'shouty-name', 'random', 'none'),
    fc.string({ maxLength: 8 }),
  )
  .map(([rows, ids, providerName, member, pick, requestKind, randomText]) => {
    const pool = [
      'Work',
      'work ',
      'Personal',
      'Linear #1',
      ids[0]!,
      ids[1]!,
      `Secret ${ids[2]!.slice(0, 8)}`,
    ];
    const connections: AppConnection[] = rows.map((row, index) => ({
      id: ids[index]!,
      providerName: row.provider,
      name: pool[row.nameChoice % pool.length]!,
      handle: `${row.owner}@members.test`,
      visibility: row.visibility,
      userWorkspaceId: row.owner,
      workspaceMemberId: `member-of-${row.owner}`,
      accessToken: `token-${ids[index]}`,
      scopes: [],
      authFailedAt: row.failed ? '2026-01-01T00:00:00.000Z' : null,
      authFailedReason: row.failed ? `reason-of-${ids[index]}` : null,
    }));
    const target = connections.length ? connections[pick % connections.length] : undefined;
    const requested =
      requestKind === 'id'
        ? target?.id
        : requestKind === 'name'
          ? target?.name
          : requestKind === 'shouty-name'
            ? target && ` ${target.name.toUpperCase()} `
            : requestKind === 'random'
              ? randomText
              : undefined;
    const caller: Caller = member ? { kind: 'member', userWorkspaceId: member } : { kind: 'workspace' };
    return { connections, caller, provider: PROVIDERS[providerName]!, requested };
  });

const mayUse = (c: AppConnection, { caller, provider }: World) =>
  c.providerName === provider.name &&
  (c.visibility === 'workspace' ||
    (caller.kind === 'member' && c.userWorkspaceId === caller.userWorkspaceId));

const choose = (w: World) =>
  chooseConnection(w.connections, { provider: w.provider, caller: w.caller, requested: w.requested });

/** The safety property, for any choice function: what it returns, the caller may use. */
const safety = (chooseFn: (w: World) => AppConnection) =>
  fc.property(world, (w) => {
    let chosen: AppConnection;
    try {
      chosen = chooseFn(w);
    } catch {
      return;
    }
    expect(chosen.providerName).toBe(w.provider.name);
    expect(chosen.authFailedAt).toBeNull();
    if (chosen.visibility === 'user') {
      expect(w.caller.kind).toBe('member');
      expect(chosen.userWorkspaceId).toBe(w.caller.kind === 'member' ? w.caller.userWorkspaceId : '');
    }
    if (w.requested?.trim()) {
      const wanted = w.requested.trim();
      expect(chosen.id === wanted || chosen.name.trim().toLowerCase() === wanted.toLowerCase()).toBe(true);
    }
  });

describe('chooseConnection over random connections, members and requests', () => {
  it('never returns a connection the caller may not use, nor a failed or foreign-provider one', () => {
    fc.assert(safety(choose), { numRuns: 2000 });
  });

  it('catches the documented snippet that can hand one member another member’s token', () => {
    // Twenty docs: `find(c => c.visibility === 'workspace') ?? connections[0]`, on the provider's rows.
    const docsSnippet = (w: World) => {
      const rows = w.connections.filter((c) => c.providerName === w.provider.name);
      const found = rows.find((c) => c.visibility === 'workspace') ?? rows[0];
      if (!found) throw new Error('none');
      return found;
    };
    expect(fc.check(safety(docsSnippet), { numRuns: 2000 }).failed).toBe(true);
  });

  it('fails only with NOT_CONNECTED or RECONNECT_REQUIRED and never names what the caller may not use', () => {
    fc.assert(
      fc.property(world, (w) => {
        let error: unknown;
        try {
          choose(w);
          return;
        } catch (thrown) {
          error = thrown;
        }
        expect(isAppError(error)).toBe(true);
        if (!isAppError(error)) return;
        expect(['NOT_CONNECTED', 'RECONNECT_REQUIRED']).toContain(error.code);
        const allowed = w.connections.filter((c) => mayUse(c, w));
        const echoed = (text: string) =>
          allowed.some((c) => c.name === text || c.id === text || c.authFailedReason === text) ||
          (w.requested ?? '').includes(text);
        for (const hidden of w.connections.filter((c) => !mayUse(c, w))) {
          for (const secret of [`"${hidden.name}"`, hidden.id, hidden.accessToken, hidden.authFailedReason]) {
            if (!secret || echoed(secret.replaceAll('"', ''))) continue;
            expect(error.message).not.toContain(secret);
          }
        }
        for (const c of w.connections) expect(error.message).not.toContain(c.accessToken);
      }),
      { numRuns: 2000 },
    );
  });

  it('without a request, always picks a healthy usable connection when one exists, own personal first', () => {
    fc.assert(
      fc.property(
        world.map((w) => ({ ...w, requested: undefined })),
        (w) => {
          const healthy = w.connections.filter((c) => mayUse(c, w) && c.authFailedAt === null);
          if (healthy.length === 0) {
            expect(() => choose(w)).toThrow();
            return;
          }
          const chosen = choose(w);
          const ownPersonal = healthy.filter((c) => c.visibility === 'user');
          expect(chosen).toBe(ownPersonal[0] ?? healthy[0]);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
