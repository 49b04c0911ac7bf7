import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';

// biome-ignore lint/suspicious/noExplicitAny: sandbox answers are asserted, not typed
type Loose = any;

function setup(account?: string) {
  const sandbox = createLinearSandbox();
  const { accessToken } = sandbox.mintToken({ account, scopes: ['read', 'write'] });
  const gql = async (query: string, variables: Record<string, unknown> = {}): Promise<Loose> => {
    const response = await sandbox.handle(
      new Request('https://api.linear.app/graphql', {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return response.json();
  };
  return { sandbox, gql };
}

const UPSERT = `mutation U($input: CustomerUpsertInput!) {
  customerUpsert(input: $input) { success customer { id name domains externalIds } }
}`;
const NEED = `mutation N($input: CustomerNeedCreateInput!) {
  customerNeedCreate(input: $input) { success need { id body customer { name } issue { identifier } } }
}`;
const TEAMS = 'query { teams { nodes { key visibility private } } }';
const ISSUE =
  'query I($id: String!) { issue(id: $id) { identifier team { key visibility } needs { nodes { id } } } }';

describe('Linear sandbox: private teams', () => {
  it('hides a private team and its issues from non-members, and shows them to members', async () => {
    const ada = setup();
    expect((await ada.gql(TEAMS)).data.teams.nodes.map((t: Loose) => t.key)).toEqual(['ENG', 'OPS']);
    expect((await ada.gql(ISSUE, { id: 'SEC-1' })).errors[0].message).toBe('Entity not found: Issue');
    const search = await ada.gql('query { searchIssues(term: "VPN") { nodes { identifier } } }');
    expect(search.data.searchIssues.nodes).toEqual([]);

    const grace = setup('grace@acme-robotics.test');
    expect((await grace.gql(TEAMS)).data.teams.nodes).toContainEqual({
      key: 'SEC',
      visibility: 'private',
      private: true,
    });
    expect((await grace.gql(ISSUE, { id: 'SEC-1' })).data.issue.team).toEqual({
      key: 'SEC',
      visibility: 'private',
    });
  });
});

describe('Linear sandbox: Customers', () => {
  it('upserts by externalId, then by domain, and creates only when nothing matches', async () => {
    const { gql } = setup();
    const created = (
      await gql(UPSERT, { input: { externalId: 'twenty-1', name: 'Acme', domains: ['acme.com'] } })
    ).data.customerUpsert.customer;
    const byExternal = (await gql(UPSERT, { input: { externalId: 'twenty-1', name: 'Acme Robotics' } })).data
      .customerUpsert.customer;
    const byDomain = (await gql(UPSERT, { input: { externalId: 'crm-9', domains: ['acme.com'] } })).data
      .customerUpsert.customer;

    expect(byExternal).toEqual({ ...created, name: 'Acme Robotics' });
    expect(byDomain).toEqual({ ...byExternal, externalIds: ['twenty-1', 'crm-9'] });
    const missingName = await gql(UPSERT, { input: { externalId: 'twenty-2' } });
    expect(missingName.errors[0].extensions.type).toBe('invalid input');
  });

  it('refuses a public email domain and a domain another customer holds', async () => {
    const { gql } = setup();
    await gql(UPSERT, { input: { externalId: 'a', name: 'A', domains: ['a.com'] } });
    const publicDomain = await gql(UPSERT, { input: { externalId: 'b', name: 'B', domains: ['gmail.com'] } });
    expect(publicDomain.errors[0].message).toContain('public email domain');
    await gql(UPSERT, { input: { externalId: 'c', name: 'C', domains: ['c.com'] } });
    // C matches by externalId; a.com belongs to A ("Domains must be unique across all customers").
    const taken = await gql(UPSERT, { input: { externalId: 'c', domains: ['a.com'] } });
    expect(taken.errors[0].message).toContain('a.com already belongs to customer A');
    // With neither id nor externalId matching, the domain finds A itself: the same customer, updated.
    const byDomain = await gql(UPSERT, { input: { id: randomUUID(), externalId: 'd', domains: ['a.com'] } });
    expect(byDomain.data.customerUpsert.customer.externalIds).toEqual(['a', 'd']);
  });

  it('creates a need on an issue by identifier for a customer given by external id; a reused id is refused', async () => {
    const { gql, sandbox } = setup();
    await gql(UPSERT, { input: { externalId: 'twenty-1', name: 'Acme' } });
    const id = randomUUID();
    const input = { id, issueId: 'ENG-1', customerExternalId: 'twenty-1', body: 'Wanted' };

    const need = (await gql(NEED, { input })).data.customerNeedCreate.need;
    const again = await gql(NEED, { input });

    expect(need).toEqual({ id, body: 'Wanted', customer: { name: 'Acme' }, issue: { identifier: 'ENG-1' } });
    expect(again.errors[0].message).toContain('already exists');
    expect((await gql(ISSUE, { id: 'ENG-1' })).data.issue.needs.nodes).toEqual([{ id }]);
    expect((sandbox.view() as Loose).customers[0].requests).toEqual([
      expect.objectContaining({ id, issue: 'ENG-1', body: 'Wanted', creator: 'Ada Lovelace' }),
    ]);
  });

  it('answers "feature not accessible" when the workspace cannot use Customers', async () => {
    const { gql, sandbox } = setup();
    const state = sandbox.exportState() as Loose;
    state.data.customersEnabled = false;
    sandbox.importState(state);

    const answer = await gql(UPSERT, { input: { externalId: 'x', name: 'X' } });

    expect(answer.errors[0].extensions).toMatchObject({ type: 'feature not accessible' });
  });
});
