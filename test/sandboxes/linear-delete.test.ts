import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';

const documents = new Set<string>();

function setup(options: { scopes?: string[]; account?: string } = {}) {
  const sandbox = createLinearSandbox();
  const { accessToken } = sandbox.mintToken({ scopes: options.scopes, account: options.account });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    documents.add(query);
    const response = await sandbox.handle(
      new Request('https://api.linear.app/graphql', {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return { status: response.status, body: await response.json() };
  };
  return { sandbox, gql };
}

const CREATE = `mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier } }
}`;
const DELETE = `mutation IssueDelete($id: String!, $permanentlyDelete: Boolean) {
  issueDelete(id: $id, permanentlyDelete: $permanentlyDelete) {
    success lastSyncId entity { id identifier trashed archivedAt }
  }
}`;
const ISSUE = 'query Issue($id: String!) { issue(id: $id) { id identifier trashed archivedAt } }';
const LIST = `query Issues($filter: IssueFilter, $includeArchived: Boolean) {
  issues(filter: $filter, includeArchived: $includeArchived) { nodes { id } }
}`;
const TEAM_ISSUES = `query TeamIssues($includeArchived: Boolean) {
  team(id: "ENG") { issues(includeArchived: $includeArchived) { nodes { id } } }
}`;
const SEARCH = `query Search($term: String!, $includeArchived: Boolean) {
  searchIssues(term: $term, includeArchived: $includeArchived) { nodes { id } }
}`;

type View = {
  teams: { key: string; issues: { id: string }[]; trash: { id: string; identifier: string }[] }[];
};
const eng = (sandbox: ReturnType<typeof setup>['sandbox']) =>
  (sandbox.view() as View).teams.find((team) => team.key === 'ENG')!;

async function createIn(gql: ReturnType<typeof setup>['gql'], title: string) {
  const teams = await gql('query { teams { nodes { id key } } }');
  const team = teams.body.data.teams.nodes.find((t: { key: string }) => t.key === 'ENG');
  const { body } = await gql(CREATE, { input: { teamId: team.id, title } });
  return body.data.issueCreate.issue as { id: string; identifier: string };
}

describe('Linear sandbox issueDelete', () => {
  it('trashes the issue: archived and trashed, gone from lists unless includeArchived, still answered by issue(id)', async () => {
    const { gql, sandbox } = setup();
    const issue = await createIn(gql, 'Short-lived doctor issue');

    const { status, body } = await gql(DELETE, { id: issue.id });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.issueDelete).toMatchObject({
      success: true,
      lastSyncId: expect.any(Number),
      entity: { id: issue.id, identifier: issue.identifier, trashed: true, archivedAt: expect.any(String) },
    });
    const direct = await gql(ISSUE, { id: issue.identifier });
    expect(direct.body.data.issue).toMatchObject({ id: issue.id, trashed: true });
    const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);
    const filter = { title: { eq: 'Short-lived doctor issue' } };
    expect((await gql(LIST, { filter })).body.data.issues.nodes).toEqual([]);
    expect(ids((await gql(LIST, { filter, includeArchived: true })).body.data.issues.nodes)).toEqual([
      issue.id,
    ]);
    expect(ids((await gql(TEAM_ISSUES)).body.data.team.issues.nodes)).not.toContain(issue.id);
    expect(ids((await gql(TEAM_ISSUES, { includeArchived: true })).body.data.team.issues.nodes)).toContain(
      issue.id,
    );
    const term = 'Short-lived';
    expect((await gql(SEARCH, { term })).body.data.searchIssues.nodes).toEqual([]);
    expect(ids((await gql(SEARCH, { term, includeArchived: true })).body.data.searchIssues.nodes)).toEqual([
      issue.id,
    ]);
    expect(ids(eng(sandbox).issues)).not.toContain(issue.id);
    expect(eng(sandbox).trash).toEqual([
      expect.objectContaining({ id: issue.id, identifier: issue.identifier }),
    ]);
  });

  it('answers Entity not found for an unknown id, with no data', async () => {
    const { gql } = setup();

    const { body } = await gql(DELETE, { id: randomUUID() });

    expect(body.data).toBeNull();
    expect(body.errors[0]).toMatchObject({
      message: 'Entity not found: Issue',
      extensions: { type: 'invalid input' },
    });
  });

  it('deletes for good with permanentlyDelete for an admin, and refuses it to anyone else', async () => {
    const admin = setup();
    const gone = await createIn(admin.gql, 'Delete me for good');
    await admin.gql('mutation ($input: CommentCreateInput!) { commentCreate(input: $input) { success } }', {
      input: { issueId: gone.id, body: 'a comment that goes too' },
    });

    const { body } = await admin.gql(DELETE, { id: gone.id, permanentlyDelete: true });

    expect(body.data.issueDelete).toMatchObject({ success: true, entity: null });
    expect((await admin.gql(ISSUE, { id: gone.id })).body.errors[0].message).toBe('Entity not found: Issue');
    expect(JSON.stringify(admin.sandbox.view())).not.toContain('a comment that goes too');

    const member = setup({ account: 'grace@acme-robotics.test' });
    const kept = await createIn(member.gql, 'Not for members to purge');
    const refused = await member.gql(DELETE, { id: kept.id, permanentlyDelete: true });
    expect(refused.body.errors[0].extensions).toMatchObject({ type: 'forbidden', code: 'FORBIDDEN' });
    expect((await member.gql(ISSUE, { id: kept.id })).body.data.issue.trashed).toBeNull();
  });

  it('needs the write scope: issues:create can create but not delete', async () => {
    const { gql } = setup({ scopes: ['read', 'issues:create'] });
    const issue = await createIn(gql, 'Created, not deletable');

    const { body } = await gql(DELETE, { id: issue.id });

    expect(body.errors[0].extensions).toMatchObject({ type: 'forbidden', code: 'FORBIDDEN' });
    expect((await gql(ISSUE, { id: issue.id })).body.data.issue.trashed).toBeNull();
  });
});

afterAll(() => {
  const schema = buildSchema(
    readFileSync(new URL('../../vendor/contracts/linear/schema.graphql', import.meta.url), 'utf8'),
  );
  for (const document of documents) expect(validate(schema, parse(document)), document).toEqual([]);
});
