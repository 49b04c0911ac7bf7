import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';

const documents = new Set<string>();

function setup(scopes = ['read', 'write']) {
  const sandbox = createLinearSandbox();
  const { accessToken } = sandbox.mintToken({ scopes });
  const gql = async (query: string, variables: Record<string, unknown> = {}, token = accessToken) => {
    documents.add(query);
    const response = await sandbox.handle(
      new Request('https://api.linear.app/graphql', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  return { sandbox, gql, accessToken };
}

const ISSUES = `query Issues($filter: IssueFilter, $first: Int, $after: String, $orderBy: PaginationOrderBy) {
  issues(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    nodes { id identifier title priority updatedAt state { name type } team { key } assignee { name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('Linear sandbox GraphQL queries', () => {
  it('answers viewer, organization, teams and workflow states from the seed', async () => {
    const { gql } = setup();
    const { status, body } = await gql(`query {
      viewer { id name email }
      organization { name urlKey }
      teams(first: 10) { nodes { key name states { nodes { name type } } } }
    }`);
    expect(status).toBe(200);
    expect(body.data.viewer.name).toBe('Ada Lovelace');
    expect(body.data.organization).toEqual({ name: 'Acme Robotics', urlKey: 'acme' });
    const keys = body.data.teams.nodes.map((team: { key: string }) => team.key).sort();
    expect(keys).toEqual(['ENG', 'OPS']);
    const types = body.data.teams.nodes[0].states.nodes.map((state: { type: string }) => state.type);
    expect(types).toEqual(['backlog', 'unstarted', 'started', 'completed', 'canceled']);
  });

  it('pages through issues with first/after and pageInfo', async () => {
    const { gql } = setup();
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { body } = await gql(ISSUES, { first: 3, after, filter: { team: { key: { eq: 'ENG' } } } });
      seen.push(...body.data.issues.nodes.map((issue: { identifier: string }) => issue.identifier));
      if (!body.data.issues.pageInfo.hasNextPage) break;
      after = body.data.issues.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(['ENG-1', 'ENG-2', 'ENG-3', 'ENG-4', 'ENG-5']);
  });

  it('filters issues by team id, updatedAt and state type, ordered by updatedAt', async () => {
    const { gql } = setup();
    const teams = await gql('query { teams { nodes { id key } } }');
    const ops = teams.body.data.teams.nodes.find((team: { key: string }) => team.key === 'OPS').id;
    const since = new Date(Date.now() - 48 * 3_600_000).toISOString();
    const { body } = await gql(ISSUES, {
      orderBy: 'updatedAt',
      filter: {
        team: { id: { eq: ops } },
        updatedAt: { gt: since },
        state: { type: { nin: ['completed', 'canceled'] } },
      },
    });
    const nodes = body.data.issues.nodes;
    expect(nodes.map((issue: { identifier: string }) => issue.identifier)).toEqual(['OPS-1', 'OPS-2']);
    expect(nodes[0].updatedAt > nodes[1].updatedAt).toBe(true);
  });

  it('finds an issue by UUID or by identifier, and answers Entity not found otherwise', async () => {
    const { gql } = setup();
    const byKey = await gql('query ($id: String!) { issue(id: $id) { id identifier title } }', {
      id: 'eng-2',
    });
    expect(byKey.body.data.issue.identifier).toBe('ENG-2');
    const byId = await gql('query ($id: String!) { issue(id: $id) { identifier } }', {
      id: byKey.body.data.issue.id,
    });
    expect(byId.body.data.issue.identifier).toBe('ENG-2');
    const missing = await gql('query ($id: String!) { issue(id: $id) { identifier } }', { id: 'ENG-999' });
    expect(missing.body.data).toBeNull();
    expect(missing.body.errors[0].message).toBe('Entity not found: Issue');
    expect(missing.body.errors[0].extensions).toMatchObject({
      type: 'invalid input',
      userPresentableMessage: expect.any(String),
    });
  });

  it('searches issues by term and team', async () => {
    const { gql } = setup();
    const query = `query Search($term: String!, $first: Int, $teamId: String) {
      searchIssues(term: $term, first: $first, teamId: $teamId) { nodes { identifier title } totalCount }
    }`;
    const { body } = await gql(query, { term: 'SERVO', first: 5 });
    expect(body.data.searchIssues.nodes).toEqual([
      { identifier: 'OPS-1', title: 'Restock servo motors for the Lyon line' },
    ]);
  });

  it('searchIssues: teamId ranks that team first and never filters; filter restricts', async () => {
    const { gql } = setup();
    const query = `query Search($term: String!, $teamId: String, $filter: IssueFilter) {
      searchIssues(term: $term, first: 50, teamId: $teamId, filter: $filter) { nodes { team { key } } totalCount }
    }`;
    const keys = (body: { data: { searchIssues: { nodes: { team: { key: string } }[] } } }) =>
      body.data.searchIssues.nodes.map((node) => node.team.key);
    const all = (await gql(query, { term: 'the' })).body;
    expect(new Set(keys(all))).toEqual(new Set(['ENG', 'OPS']));

    for (const boost of ['OPS', 'ENG']) {
      const team = (await gql(`query { teams(filter: { key: { eq: "${boost}" } }) { nodes { id } } }`)).body
        .data.teams.nodes[0].id;
      const boosted = (await gql(query, { term: 'the', teamId: team })).body;
      expect(boosted.data.searchIssues.totalCount).toBe(all.data.searchIssues.totalCount);
      const ranked = keys(boosted);
      const inTeam = ranked.filter((key) => key === boost).length;
      expect(inTeam).toBeGreaterThan(0);
      expect(ranked.slice(0, inTeam).every((key) => key === boost)).toBe(true);
      expect(ranked.slice(inTeam).every((key) => key !== boost)).toBe(true);
    }

    const filtered = (await gql(query, { term: 'the', filter: { team: { key: { eq: 'OPS' } } } })).body;
    expect(new Set(keys(filtered))).toEqual(new Set(['OPS']));
    expect(filtered.data.searchIssues.totalCount).toBe(keys(filtered).length);
  });

  it('lists users and workflow states', async () => {
    const { gql } = setup();
    const { body } = await gql(`query {
      users { nodes { name email } }
      workflowStates(filter: { team: { key: { eq: "ENG" } } }) { nodes { name team { key } } }
    }`);
    expect(body.data.users.nodes.map((user: { name: string }) => user.name).sort()).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
    expect(body.data.workflowStates.nodes).toHaveLength(5);
  });

  it('rejects an invalid document with HTTP 400 and GraphQL errors, before running anything', async () => {
    const { gql } = setup();
    const invalid = 'query { issues { nodes { id notAField } } }';
    const response = await gql(invalid);
    documents.delete(invalid);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors[0].message).toContain('Cannot query field "notAField" on type "Issue"');
    const syntax = await gql('query { issues { ');
    documents.delete('query { issues { ');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors[0].message).toContain('Syntax Error');
  });
});

afterAll(() => {
  // Every document the tests sent must be valid against Linear's public schema (independently built here).
  const schema = buildSchema(
    readFileSync(new URL('../../vendor/contracts/linear/schema.graphql', import.meta.url), 'utf8'),
  );
  for (const document of documents) {
    expect(validate(schema, parse(document)), document).toEqual([]);
  }
});
