import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/app-error.ts';
import { startRun } from '../../../src/core/run.ts';
import type { Session } from '../../../src/core/session.ts';
import { linear } from '../../../src/providers/linear/linear.provider.ts';
import {
  ensureLinearCustomerRequest,
  refreshLinearItems,
  resolveLinearItem,
} from '../../../src/providers/linear/linear.work-items.ts';
import type { Loose } from '../../support/run-function.ts';
import { linearIssue, operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const GRACE = 'grace@acme-robotics.test';

/** A session on a fresh "Just for me" connection, as `openSession` builds it (Ada's Linear user unless told). */
const sessionAs = (options: { account?: string; scopes?: string[] } = {}): Session => {
  const connection = up.mintConnection('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-ada',
    ...options,
  });
  return {
    run: startRun('tool', { kind: 'member', userWorkspaceId: 'uw-ada' }, 60),
    provider: linear,
    connection,
    label: {
      id: connection.id,
      name: connection.name,
      visibility: 'user',
      account: 'ada@acme-robotics.test',
    },
  };
};

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
};

const view = () => up.linear.view() as Loose;
const ACME = {
  id: '20202020-c0de-4000-8000-0000000000a1',
  name: 'Acme Robotics',
  domain: 'acme-robotics.com',
};

describe('resolveLinearItem', () => {
  it('reads an issue by identifier in one request, with its status and category', async () => {
    const item = await resolveLinearItem(sessionAs(), { identifier: 'ENG-1' });
    const seeded = linearIssue(up.linear, 'ENG-1');
    expect(item).toEqual({
      provider: 'linear',
      upstreamId: seeded.id,
      identifier: 'ENG-1',
      title: 'Gripper firmware drops CAN frames under load',
      url: expect.stringMatching(/^https:\/\/linear\.app\/acme\/issue\/ENG-1\//),
      status: 'In Progress',
      statusCategory: 'IN_PROGRESS',
      assignee: 'Ada Lovelace',
      upstreamUpdatedAt: seeded.updatedAt,
      restricted: false,
    });
    expect(operationsOf(up.linear)).toEqual(['issue 200']);
  });

  it('reads the same issue by UUID and by its URL', async () => {
    const seeded = linearIssue(up.linear, 'OPS-3');
    const byId = await resolveLinearItem(sessionAs(), { id: seeded.id });
    const url = new URL(byId.url);
    const byUrl = await resolveLinearItem(sessionAs(), { identifier: 'OPS-3', workspace: 'acme' });
    expect(byId).toMatchObject({ identifier: 'OPS-3', status: 'Canceled', statusCategory: 'CANCELED' });
    expect(byUrl).toEqual(byId);
    expect(url.pathname.split('/')[1]).toBe('acme');
  });

  it('answers NOT_FOUND for a URL from another Linear workspace, rather than its namesake here', async () => {
    const failure = await failureOf(
      resolveLinearItem(sessionAs(), { identifier: 'ENG-1', workspace: 'globex' }),
    );
    expect(failure.code).toBe('NOT_FOUND');
    expect(failure.message).toContain('"globex"');
    expect(failure.message).toContain('"acme"');
  });

  it('answers NOT_FOUND naming the connection for an issue that does not exist', async () => {
    const failure = await failureOf(resolveLinearItem(sessionAs(), { identifier: 'ENG-999' }));
    expect(failure).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('ENG-999') });
    expect(failure.message).toContain('Linear #1');
  });

  it("cannot see a private team's issue without being its member; a member sees it as restricted", async () => {
    const hidden = await failureOf(resolveLinearItem(sessionAs(), { identifier: 'SEC-1' }));
    expect(hidden.code).toBe('NOT_FOUND');

    const item = await resolveLinearItem(sessionAs({ account: GRACE }), { identifier: 'SEC-1' });
    expect(item).toMatchObject({
      identifier: 'SEC-1',
      status: 'Todo',
      statusCategory: 'OPEN',
      restricted: true,
    });
  });
});

describe('refreshLinearItems', () => {
  it('reads every id in one request; ids it cannot see are missing from the map', async () => {
    const ids = ['ENG-1', 'ENG-2', 'ENG-4', 'OPS-1', 'SEC-1'].map((key) => linearIssue(up.linear, key).id);
    const unknown = '5eed0004-0000-4000-8000-999999999999';

    const items = await refreshLinearItems(sessionAs(), [...ids, ids[0]!, unknown]);

    expect(operationsOf(up.linear)).toEqual(['issues 200']);
    expect([...items.keys()].sort()).toEqual(ids.slice(0, 4).sort());
    expect(items.get(ids[2]!)).toMatchObject({ identifier: 'ENG-4', status: 'Done', statusCategory: 'DONE' });
    expect(up.linear.calls()[0]!.body).toMatchObject({
      variables: { filter: { id: { in: [...ids, unknown] } }, first: 6 },
    });
  });

  it('shows a status changed upstream since the last read', async () => {
    const id = linearIssue(up.linear, 'ENG-2').id;
    const state = up.linear.exportState() as Loose;
    const done = state.data.states.find(
      (s: Loose) => s.name === 'Done' && s.teamId === state.data.teams[0].id,
    );
    state.data.issues.find((issue: Loose) => issue.id === id).stateId = done.id;
    up.linear.importState(state);

    const items = await refreshLinearItems(sessionAs(), [id]);

    expect(items.get(id)).toMatchObject({ status: 'Done', statusCategory: 'DONE' });
  });

  it('sends nothing for no ids', async () => {
    expect((await refreshLinearItems(sessionAs(), [])).size).toBe(0);
    expect(operationsOf(up.linear)).toEqual([]);
  });
});

describe('ensureLinearCustomerRequest', () => {
  const body = 'From Twenty: Acme Robotics — Fleet expansion (USD 120,000)';

  it('creates the Customer (external id, name, domain) and one customer request on the issue', async () => {
    const issueId = linearIssue(up.linear, 'ENG-1').id;
    const result = await ensureLinearCustomerRequest(sessionAs(), {
      issueId,
      company: { ...ACME, domain: 'https://www.Acme-Robotics.com/' },
      body,
    });

    expect(result.created).toBe(true);
    expect(operationsOf(up.linear)).toEqual(['customerUpsert 200', 'issue 200', 'customerNeedCreate 200']);
    expect(view().customers).toEqual([
      {
        id: result.customerId,
        name: 'Acme Robotics',
        domains: ['acme-robotics.com'],
        externalIds: [ACME.id],
        requests: [expect.objectContaining({ id: result.customerNeedId, issue: 'ENG-1', body })],
      },
    ]);
  });

  it('is idempotent: a second call finds the Customer and its request and creates nothing', async () => {
    const issueId = linearIssue(up.linear, 'ENG-1').id;
    const first = await ensureLinearCustomerRequest(sessionAs(), { issueId, company: ACME, body });
    const again = await ensureLinearCustomerRequest(sessionAs(), { issueId, company: ACME, body });

    expect(again).toEqual({ ...first, created: false });
    expect(operationsOf(up.linear).slice(3)).toEqual(['customerUpsert 200', 'issue 200']);
    expect(view().customers).toHaveLength(1);
    expect(view().customers[0].requests).toHaveLength(1);
  });

  it('creates one request when the answer to the create was lost and the same id is sent again', async () => {
    const issueId = linearIssue(up.linear, 'OPS-1').id;
    up.dropNextResponse('linear', 'customerNeedCreate');

    const result = await ensureLinearCustomerRequest(sessionAs(), { issueId, company: ACME, body });

    const creates = up.linear.calls().filter((call) => call.operation === 'customerNeedCreate');
    expect(creates).toHaveLength(2);
    expect((creates[1]!.body as Loose).variables.input.id).toBe(
      (creates[0]!.body as Loose).variables.input.id,
    );
    expect(result).toMatchObject({
      created: true,
      customerNeedId: (creates[0]!.body as Loose).variables.input.id,
    });
    expect(view().customers[0].requests).toHaveLength(1);
  });

  it('adds a request for another company to the same issue, and another issue to the same Customer', async () => {
    const eng1 = linearIssue(up.linear, 'ENG-1').id;
    const eng2 = linearIssue(up.linear, 'ENG-2').id;
    const globex = { id: '20202020-c0de-4000-8000-0000000000b2', name: 'Globex', domain: null };
    await ensureLinearCustomerRequest(sessionAs(), { issueId: eng1, company: ACME, body });
    await ensureLinearCustomerRequest(sessionAs(), { issueId: eng1, company: globex, body: 'Globex' });
    await ensureLinearCustomerRequest(sessionAs(), { issueId: eng2, company: ACME, body });

    const customers = view().customers;
    expect(customers.map((c: Loose) => [c.name, c.domains, c.requests.map((r: Loose) => r.issue)])).toEqual([
      ['Acme Robotics', ['acme-robotics.com'], ['ENG-1', 'ENG-2']],
      ['Globex', [], ['ENG-1']],
    ]);
  });

  it('answers FORBIDDEN saying what to do when the workspace cannot use Customers', async () => {
    const state = up.linear.exportState() as Loose;
    state.data.customersEnabled = false;
    up.linear.importState(state);

    const failure = await failureOf(
      ensureLinearCustomerRequest(sessionAs(), {
        issueId: linearIssue(up.linear, 'ENG-1').id,
        company: ACME,
        body,
      }),
    );

    expect(failure.code).toBe('FORBIDDEN');
    expect(failure.message).toMatch(
      /Acme Robotics as a Linear customer request.*Linear admin must turn it on/,
    );
    expect(view().customers).toEqual([]);
  });

  it('answers FORBIDDEN telling the member to reconnect when the token lacks the write scope', async () => {
    const failure = await failureOf(
      ensureLinearCustomerRequest(sessionAs({ scopes: ['read'] }), {
        issueId: linearIssue(up.linear, 'ENG-1').id,
        company: ACME,
        body,
      }),
    );

    expect(failure.code).toBe('FORBIDDEN');
    expect(failure.message).toMatch(/`write`.*Reconnect it in Settings/);
  });
});
