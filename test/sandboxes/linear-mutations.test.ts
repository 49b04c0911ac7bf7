import { randomUUID } from 'node:crypto';
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
    return { status: response.status, body: await response.json() };
  };
  return { sandbox, gql, accessToken };
}

const TEAMS = 'query Teams { teams { nodes { id key states { nodes { id name } } } } }';
const CREATE = `mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier title priority state { name } team { key } } }
}`;
const UPDATE = `mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success issue { identifier priority state { name } assignee { name } } }
}`;
const COMMENT = `mutation CommentCreate($input: CommentCreateInput!) {
  commentCreate(input: $input) { success comment { id body issue { identifier } user { name } } }
}`;

async function engineering(gql: ReturnType<typeof setup>['gql']) {
  const { body } = await gql(TEAMS);
  return body.data.teams.nodes.find((team: { key: string }) => team.key === 'ENG');
}

describe('Linear sandbox mutations', () => {
  it('creates an issue in the team Backlog with the next identifier', async () => {
    const { gql, sandbox } = setup();
    const team = await engineering(gql);
    const { body } = await gql(CREATE, {
      input: { teamId: team.id, title: 'Calibrate the new arm', priority: 2 },
    });
    expect(body.data.issueCreate.success).toBe(true);
    expect(body.data.issueCreate.issue).toMatchObject({
      identifier: 'ENG-6',
      state: { name: 'Backlog' },
      priority: 2,
    });
    const view = sandbox.view() as { teams: { key: string; issues: { title: string }[] }[] };
    expect(view.teams.find((t) => t.key === 'ENG')!.issues.map((i) => i.title)).toContain(
      'Calibrate the new arm',
    );
  });

  it('does not duplicate an issue created twice with the same client-given id', async () => {
    const { gql } = setup();
    const team = await engineering(gql);
    const input = { id: randomUUID(), teamId: team.id, title: 'Once only' };
    const first = await gql(CREATE, { input });
    expect(first.body.data.issueCreate.issue.id).toBe(input.id);
    const second = await gql(CREATE, { input });
    expect(second.body.data).toBeNull();
    expect(second.body.errors[0].message).toMatch(/already exists/);
    expect(second.body.errors[0].extensions.type).toBe('invalid input');
    const search = await gql('query ($filter: IssueFilter) { issues(filter: $filter) { nodes { id } } }', {
      filter: { title: { eq: 'Once only' } },
    });
    expect(search.body.data.issues.nodes).toHaveLength(1);
  });

  it('answers Entity not found for an unknown team', async () => {
    const { gql } = setup();
    const { body } = await gql(CREATE, { input: { teamId: randomUUID(), title: 'x' } });
    expect(body.errors[0]).toMatchObject({
      message: 'Entity not found: Team',
      extensions: { type: 'invalid input' },
    });
  });

  it('updates state, assignee and priority by identifier, and refuses a priority out of 0-4', async () => {
    const { gql } = setup();
    const team = await engineering(gql);
    const done = team.states.nodes.find((state: { name: string }) => state.name === 'Done').id;
    const users = await gql('query { users { nodes { id name } } }');
    const grace = users.body.data.users.nodes.find(
      (user: { name: string }) => user.name === 'Grace Hopper',
    ).id;
    const { body } = await gql(UPDATE, {
      id: 'ENG-3',
      input: { stateId: done, assigneeId: grace, priority: 1 },
    });
    expect(body.data.issueUpdate.issue).toEqual({
      identifier: 'ENG-3',
      priority: 1,
      state: { name: 'Done' },
      assignee: { name: 'Grace Hopper' },
    });
    const bad = await gql(UPDATE, { id: 'ENG-3', input: { priority: 7 } });
    expect(bad.body.errors[0].extensions.type).toBe('invalid input');
  });

  it('adds a comment by issue identifier, once per client-given id', async () => {
    const { gql, sandbox } = setup();
    const input = { id: randomUUID(), issueId: 'OPS-2', body: 'Booked for Thursday.' };
    const first = await gql(COMMENT, { input });
    expect(first.body.data.commentCreate.comment).toMatchObject({
      id: input.id,
      issue: { identifier: 'OPS-2' },
      user: { name: 'Ada Lovelace' },
    });
    const again = await gql(COMMENT, { input });
    expect(again.body.errors[0].message).toMatch(/already exists/);
    const view = JSON.stringify(sandbox.view());
    expect(view.split('Booked for Thursday.').length - 1).toBe(1);
    const missing = await gql(COMMENT, { input: { issueId: 'OPS-404', body: 'x' } });
    expect(missing.body.errors[0].message).toBe('Entity not found: Issue');
  });

  it('enforces scopes: read cannot write, issues:create cannot update, comments:create can comment', async () => {
    const readOnly = setup(['read']);
    const team = await engineering(readOnly.gql);
    const denied = await readOnly.gql(CREATE, { input: { teamId: team.id, title: 'x' } });
    expect(denied.body.errors[0].extensions).toMatchObject({ type: 'forbidden', code: 'FORBIDDEN' });

    const creator = setup(['read', 'issues:create', 'comments:create']);
    expect(
      (await creator.gql(CREATE, { input: { teamId: team.id, title: 'ok' } })).body.data.issueCreate.success,
    ).toBe(true);
    expect(
      (await creator.gql(COMMENT, { input: { issueId: 'ENG-1', body: 'ok' } })).body.data.commentCreate
        .success,
    ).toBe(true);
    const update = await creator.gql(UPDATE, { id: 'ENG-1', input: { priority: 2 } });
    expect(update.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

afterAll(() => {
  const schema = buildSchema(
    readFileSync(new URL('../../vendor/contracts/linear/schema.graphql', import.meta.url), 'utf8'),
  );
  for (const document of documents) expect(validate(schema, parse(document)), document).toEqual([]);
});
