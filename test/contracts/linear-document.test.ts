import { describe, expect, it } from 'vitest';
import { CREATE_ISSUE_MUTATION } from '../../src/providers/linear/linear.issues.ts';
import {
  CREATE_CUSTOMER_NEED_MUTATION,
  ISSUE_NEEDS_QUERY,
  REFRESH_WORK_ITEMS_QUERY,
  UPSERT_CUSTOMER_MUTATION,
  WORK_ITEM_QUERY,
} from '../../src/providers/linear/linear.work-items.ts';
import { assertLinearDocument, assertLinearRequestBody, linearSchema } from './checks/linear-document.ts';

const createIssue = /* GraphQL */ `
  mutation CreateIssue($input: IssueCreateInput!) {
    issueCreate(input: $input) { success issue { id identifier url title } }
  }
`;

const searchIssues = /* GraphQL */ `
  query SearchIssues($term: String!, $first: Int!, $teamId: String) {
    searchIssues(term: $term, first: $first, teamId: $teamId) { nodes { id identifier title } }
  }
`;

describe('assertLinearDocument', () => {
  it('accepts a mutation whose user input arrives only as variables', () => {
    const summary = assertLinearDocument(createIssue, {
      input: { id: '0b7e2d8e-8a84-4a59-9d1c-3c2c3f0f6c1a', teamId: 'team-1', title: 'Broken "quotes" }' },
    });
    expect(summary).toEqual({
      operationType: 'mutation',
      operationName: 'CreateIssue',
      rootFields: ['issueCreate'],
    });
  });

  it('accepts enum, boolean and null literals, which cannot carry user text', () => {
    const teams = `query Teams($first: Int!) {
      teams(first: $first, orderBy: updatedAt, includeArchived: false, after: null) { nodes { id key name } }
    }`;
    expect(assertLinearDocument(teams, { first: 50 }).rootFields).toEqual(['teams']);
  });

  it('rejects user text spliced into the document as a string literal', () => {
    const spliced = `query { searchIssues(term: "login bug") { nodes { id } } }`;
    expect(() => assertLinearDocument(spliced)).toThrow(/literal "login bug" in argument "term"/);
  });

  it('rejects a string literal nested inside an input object argument', () => {
    const nested = `query { issues(filter: { title: { contains: "crash" } }) { nodes { id } } }`;
    expect(() => assertLinearDocument(nested)).toThrow(/literal "crash" in argument "filter"/);
  });

  it('rejects a number literal, so page sizes travel as variables too', () => {
    expect(() => assertLinearDocument('query { teams(first: 50) { nodes { id } } }')).toThrow(
      /literal 50 in argument "first"/,
    );
  });

  it('rejects a variable of the wrong type', () => {
    expect(() => assertLinearDocument(searchIssues, { term: 'bug', first: '10' })).toThrow(
      /Variable "\$first" got invalid value "10"/,
    );
  });

  it('rejects an input object missing a field the schema requires', () => {
    expect(() => assertLinearDocument(createIssue, { input: { title: 'No team' } })).toThrow(/"teamId"/);
  });

  it('rejects a missing required variable', () => {
    expect(() => assertLinearDocument(searchIssues, { first: 10 })).toThrow(
      /"\$term" of required type "String!"/,
    );
  });

  it('rejects a variable the operation does not declare', () => {
    expect(() => assertLinearDocument(searchIssues, { term: 'bug', first: 10, team: 'x' })).toThrow(
      /"\$team" is passed but not declared/,
    );
  });

  it('rejects a field that does not exist on the type', () => {
    expect(() => assertLinearDocument('query { viewer { id login } }')).toThrow(/Cannot query field "login"/);
  });

  it('rejects an argument that does not exist on the field', () => {
    const wrongArgument = 'query Q($q: String!) { searchIssues(query: $q) { nodes { id } } }';
    expect(() => assertLinearDocument(wrongArgument, { q: 'x' })).toThrow(/Unknown argument "query"/);
  });

  it('rejects a document that does not parse', () => {
    expect(() => assertLinearDocument('query { viewer { id }')).toThrow(/does not parse/);
  });

  it('rejects a document with several operations', () => {
    const two = 'query A { viewer { id } } query B { organization { id } }';
    expect(() => assertLinearDocument(two)).toThrow(/exactly one operation, found 2/);
  });

  it('builds the schema only once', () => {
    const first = linearSchema();
    assertLinearDocument('query { viewer { id } }');
    expect(linearSchema()).toBe(first);
    expect(first.buildMs).toBeGreaterThan(0);
  });
});

describe('assertLinearRequestBody', () => {
  it('checks the JSON body the app posts to /graphql', () => {
    const body = JSON.stringify({ query: searchIssues, variables: { term: 'bug', first: 10 } });
    expect(assertLinearRequestBody(body).rootFields).toEqual(['searchIssues']);
  });

  it('rejects a body whose operationName does not match the document', () => {
    const body = { query: searchIssues, variables: { term: 'bug', first: 10 }, operationName: 'Other' };
    expect(() => assertLinearRequestBody(body)).toThrow(/names operation "Other"/);
  });

  it('rejects a body without a query string', () => {
    expect(() => assertLinearRequestBody({ variables: {} })).toThrow(/string "query"/);
  });
});

const ISSUE = '0b7e2d8e-8a84-4a59-9d1c-3c2c3f0f6c1a';
const CUSTOMER = '7d1f3a52-1b2c-4d5e-8f90-a1b2c3d4e5f6';

/**
 * The app's linked-work documents, with the variables it sends: every one validates against Linear's schema
 * (test/support/upstreams.ts checks them again on every request the tests send).
 */
describe("the app's Linear work-item documents", () => {
  it.each([
    ['WORK_ITEM_QUERY', WORK_ITEM_QUERY, { id: 'ENG-42' }, ['issue']],
    [
      'REFRESH_WORK_ITEMS_QUERY',
      REFRESH_WORK_ITEMS_QUERY,
      { filter: { id: { in: [ISSUE] } }, first: 1 },
      ['issues'],
    ],
    [
      'UPSERT_CUSTOMER_MUTATION',
      UPSERT_CUSTOMER_MUTATION,
      { input: { externalId: 'twenty-company-id', name: 'Acme', domains: ['acme.com'] } },
      ['customerUpsert'],
    ],
    [
      'ISSUE_NEEDS_QUERY',
      ISSUE_NEEDS_QUERY,
      { id: ISSUE, filter: { customer: { id: { eq: CUSTOMER } } }, first: 1 },
      ['issue'],
    ],
    [
      'CREATE_CUSTOMER_NEED_MUTATION',
      CREATE_CUSTOMER_NEED_MUTATION,
      { input: { id: ISSUE, issueId: ISSUE, customerId: CUSTOMER, body: 'From Twenty' } },
      ['customerNeedCreate'],
    ],
    [
      'CREATE_ISSUE_MUTATION',
      CREATE_ISSUE_MUTATION,
      { input: { id: ISSUE, teamId: 'team', title: 'x' } },
      ['issueCreate'],
    ],
  ])('%s validates', (_name, document, variables, rootFields) => {
    expect(assertLinearDocument(document, variables).rootFields).toEqual(rootFields);
  });
});
