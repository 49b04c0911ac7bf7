import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../local/twenty/records/seed.ts';
import { withRecordsManifest } from './fixtures/records-manifest.ts';
import { builtFixtureApp, type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

let harness: Harness;
// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked by shape.
type Gql = { status: number; body: any };

const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Gql> => {
  const response = await fetch(`${harness.baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token ?? harness.services.ctx.secrets.appToken}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
};

const ADA = 'ada';

beforeAll(async () => {
  harness = await startHarness({ app: withRecordsManifest(await builtFixtureApp()) });
}, 240_000);
afterAll(async () => {
  await harness?.stop();
  if (harness) removeDataDir(harness.dataDir);
});

const createItem = async (identifier: string, status: string, statusCategory: string) => {
  const created = await gql(
    `mutation ($data: WorkItemCreateInput!) { createWorkItem(data: $data) { id identifier statusCategory url { primaryLinkUrl } } }`,
    {
      data: {
        title: `Fix ${identifier}`,
        provider: 'LINEAR',
        upstreamId: `uuid-${identifier}`,
        identifier,
        url: { primaryLinkUrl: `https://linear.app/acme/issue/${identifier}` },
        status,
        statusCategory,
        isPrivate: false,
      },
    },
  );
  expect(created.body.errors).toBeUndefined();
  return created.body.data.createWorkItem.id as string;
};
const link = async (workItemId: string, column: string, recordId: string) => {
  const linked = await gql(
    `mutation ($data: WorkItemLinkCreateInput!) { createWorkItemLink(data: $data) { id workItem { identifier } } }`,
    { data: { label: 'link', workItemId, [column]: recordId } },
  );
  expect(linked.body.errors).toBeUndefined();
  return linked.body.data.createWorkItemLink.id as string;
};

describe('core API (/graphql)', () => {
  it('lists the seeded companies in Twenty connection shape, with composite fields and relations', async () => {
    const { status, body } = await gql(`{
      companies(filter: { domainName: { primaryLinkUrl: { ilike: "%acme-robotics.com%" } } }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name domainName { primaryLinkUrl }
          opportunities { edges { node { name stage amount { amountMicros currencyCode } companyId company { name } } } }
          people { totalCount edges { node { name { firstName lastName } emails { primaryEmail } jobTitle } } } } }
      } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.companies.totalCount).toBe(1);
    expect(body.data.companies.pageInfo.hasNextPage).toBe(false);
    const acme = body.data.companies.edges[0].node;
    expect(acme).toMatchObject({
      id: SEED_IDS.acme,
      name: 'Acme Robotics',
      domainName: { primaryLinkUrl: 'https://acme-robotics.com' },
    });
    expect(acme.opportunities.edges[0].node).toEqual({
      name: 'Acme Robotics — Fleet expansion',
      stage: 'PROPOSAL',
      amount: { amountMicros: 240_000_000_000, currencyCode: 'USD' },
      companyId: SEED_IDS.acme,
      company: { name: 'Acme Robotics' },
    });
    expect(acme.people.edges[0].node.name).toEqual({ firstName: 'Maya', lastName: 'Okafor' });
  });

  it('filters with eq/in/neq/is/and/or/not, orders and pages', async () => {
    const names = async (filter: unknown, extra = '') => {
      const { body } = await gql(
        `query ($filter: CompanyFilterInput) { companies(filter: $filter, orderBy: [{ name: AscNullsLast }]${extra}) { edges { node { name } } } }`,
        { filter },
      );
      expect(body.errors).toBeUndefined();
      return body.data.companies.edges.map((e: { node: { name: string } }) => e.node.name);
    };
    expect(await names({ id: { eq: SEED_IDS.globex } })).toEqual(['Globex Logistics']);
    expect(await names({ id: { in: [SEED_IDS.globex, SEED_IDS.initech] } })).toEqual([
      'Globex Logistics',
      'Initech Health',
    ]);
    expect(await names({ name: { neq: 'Acme Robotics' } })).toEqual(['Globex Logistics', 'Initech Health']);
    expect(await names({ or: [{ name: { like: 'Acme%' } }, { employees: { gte: 1000 } }] })).toEqual([
      'Acme Robotics',
      'Globex Logistics',
    ]);
    expect(await names({ not: { name: { ilike: 'acme%' } }, and: [{ employees: { lt: 1000 } }] })).toEqual([
      'Initech Health',
    ]);
    expect(await names({ employees: { is: 'NULL' } })).toEqual([]);
    const page = await gql(
      `{ companies(orderBy: [{ name: AscNullsLast }], first: 2) { pageInfo { hasNextPage endCursor } edges { node { name } } } }`,
    );
    expect(page.body.data.companies.pageInfo.hasNextPage).toBe(true);
    const next = await gql(
      `query ($after: String) { companies(orderBy: [{ name: AscNullsLast }], first: 2, after: $after) { edges { node { name } } } }`,
      {
        after: page.body.data.companies.pageInfo.endCursor,
      },
    );
    expect(next.body.data.companies.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([
      'Initech Health',
    ]);
    const opportunity = await gql(
      `{ opportunity(filter: { stage: { eq: PROPOSAL } }) { name pointOfContact { name { firstName } } } }`,
    );
    expect(opportunity.body.data.opportunity).toEqual({
      name: 'Acme Robotics — Fleet expansion',
      pointOfContact: { name: { firstName: 'Maya' } },
    });
  });

  it('creates, updates and soft-deletes app records; a deleted record is hidden from reads', async () => {
    const id = await createItem('ENG-1', 'Todo', 'OPEN');
    const updated = await gql(
      `mutation ($id: UUID!) { updateWorkItem(id: $id, data: { status: "In Progress", statusCategory: IN_PROGRESS }) { status statusCategory identifier } }`,
      { id },
    );
    expect(updated.body.data.updateWorkItem).toEqual({
      status: 'In Progress',
      statusCategory: 'IN_PROGRESS',
      identifier: 'ENG-1',
    });
    const linkId = await link(id, 'opportunityId', SEED_IDS.fleet);
    const deleted = await gql(`mutation ($id: UUID!) { deleteWorkItemLink(id: $id) { id deletedAt } }`, {
      id: linkId,
    });
    expect(deleted.body.data.deleteWorkItemLink.deletedAt).toEqual(expect.any(String));
    const read = await gql(
      `query ($id: UUID!) { workItemLinks(filter: { id: { eq: $id } }) { totalCount } }`,
      { id: linkId },
    );
    expect(read.body.data.workItemLinks.totalCount).toBe(0);
    const withDeleted = await gql(
      `query ($id: UUID!) { workItemLinks(filter: { id: { eq: $id }, deletedAt: { is: NOT_NULL } }) { totalCount } }`,
      { id: linkId },
    );
    expect(withDeleted.body.data.workItemLinks.totalCount).toBe(1);
    const again = await gql(`mutation ($id: UUID!) { deleteWorkItemLink(id: $id) { id } }`, { id: linkId });
    expect(again.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it("refuses what the app's role does not grant with Twenty's FORBIDDEN", async () => {
    const write = await gql(`mutation { createCompany(data: { name: "Nope Inc" }) { id } }`);
    expect(write.status).toBe(200);
    expect(write.body.errors[0]).toMatchObject({
      message: 'User does not have permission',
      extensions: { code: 'FORBIDDEN' },
    });
    const destroy = await gql(`mutation ($id: UUID!) { destroyWorkItem(id: $id) { id } }`, {
      id: await createItem('ENG-9', 'Todo', 'OPEN'),
    });
    expect(destroy.body.errors[0].extensions.code).toBe('FORBIDDEN');
    // The workspace API key has every permission.
    const admin = await gql(
      `mutation { createCompany(data: { name: "Umbrella Labs" }) { name } }`,
      {},
      harness.services.ctx.secrets.apiKey,
    );
    expect(admin.body.data.createCompany).toEqual({ name: 'Umbrella Labs' });
  });

  it('answers an unknown token as Twenty does: 200 with UNAUTHENTICATED, and GET with 405', async () => {
    const { status, body } = await gql('{ companies { totalCount } }', {}, 'not-a-token');
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [{ message: 'Token invalid.', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const get = await fetch(`${harness.baseUrl}/graphql`);
    expect(get.status).toBe(405);
    expect((await get.json()).errors[0].message).toContain('use POST');
  });

  it('bounds requests: too deep selections and bad variables are refused', async () => {
    const deep = await gql(
      `{ companies { edges { node { people { edges { node { company { opportunities { edges { node { name } } } } } } } } } } }`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].message).toContain('deeper');
    const bad = await gql(`query ($id: UUID!) { company(filter: { id: { eq: $id } }) { name } }`, {
      id: 'x',
    });
    expect(bad.body.errors.length).toBeGreaterThan(0);
  });
});

describe('database events', () => {
  it("hands a record change made through /graphql to the app's database-event triggers", async () => {
    const changed = await gql(
      `mutation ($id: UUID!) { updateOpportunity(id: $id, data: { stage: CUSTOMER }) { stage } }`,
      { id: SEED_IDS.renewal },
      harness.services.ctx.secrets.apiKey,
    );
    expect(changed.body.data.updateOpportunity.stage).toBe('CUSTOMER');
    const deadline = Date.now() + 15_000;
    let run: { trigger: string; ok: boolean; result: Record<string, unknown> } | undefined;
    while (!run && Date.now() < deadline) {
      const runs = await harness.api('GET', '/api/runs?limit=20');
      run = runs.body.find((r: { trigger: string }) => r.trigger === 'databaseEvent');
      if (!run) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(run).toMatchObject({
      trigger: 'databaseEvent',
      ok: true,
      result: {
        name: 'opportunity.updated',
        recordId: SEED_IDS.renewal,
        objectMetadata: { nameSingular: 'opportunity', namePlural: 'opportunities' },
        properties: { updatedFields: expect.arrayContaining(['stage']), after: { stage: 'CUSTOMER' } },
      },
    });
  });
});

describe('/api/records', () => {
  it('gives a company its own work items and those of its people and opportunities, with via', async () => {
    const direct = await createItem('ENG-20', 'Todo', 'OPEN');
    const viaOpportunity = await createItem('ENG-21', 'Done', 'DONE');
    await link(direct, 'companyId', SEED_IDS.acme);
    await link(viaOpportunity, 'opportunityId', SEED_IDS.fleet);
    const company = await harness.api('GET', `/api/records/company/${SEED_IDS.acme}?member=${ADA}`);
    expect(company.status).toBe(200);
    expect(company.body.record).toMatchObject({
      object: 'company',
      id: SEED_IDS.acme,
      name: 'Acme Robotics',
    });
    expect(company.body.timeline).toEqual([]);
    const byIdentifier = Object.fromEntries(
      company.body.workItems.map((w: { identifier: string }) => [w.identifier, w]),
    );
    expect(byIdentifier['ENG-20']).toMatchObject({
      provider: 'LINEAR',
      status: 'Todo',
      statusCategory: 'OPEN',
      url: 'https://linear.app/acme/issue/ENG-20',
      via: { object: 'company', id: SEED_IDS.acme },
    });
    expect(byIdentifier['ENG-21']).toMatchObject({
      statusCategory: 'DONE',
      via: { object: 'opportunity', id: SEED_IDS.fleet, name: 'Acme Robotics — Fleet expansion' },
    });
    const opportunity = await harness.api('GET', `/api/records/opportunity/${SEED_IDS.fleet}?member=${ADA}`);
    expect(opportunity.body.workItems.map((w: { identifier: string }) => w.identifier)).toContain('ENG-21');
    expect(opportunity.body.workItems.map((w: { identifier: string }) => w.identifier)).not.toContain(
      'ENG-20',
    );
    expect(opportunity.body.record.related.company).toMatchObject({
      id: SEED_IDS.acme,
      name: 'Acme Robotics',
    });
  });

  it('lists records, and answers 404 for an unknown object or id and 400 without a member', async () => {
    const list = await harness.api('GET', `/api/records/opportunities?member=${ADA}`);
    expect(list.status).toBe(200);
    expect(list.body.records.map((r: { name: string }) => r.name)).toContain(
      'Acme Robotics — Fleet expansion',
    );
    expect((await harness.api('GET', `/api/records/spaceship?member=${ADA}`)).status).toBe(404);
    expect((await harness.api('GET', `/api/records/company/${SEED_IDS.fleet}?member=${ADA}`)).status).toBe(
      404,
    );
    expect((await harness.api('GET', `/api/records/company/${SEED_IDS.acme}`)).status).toBe(400);
  });

  it('redirects /object/:object/:id to the console record page', async () => {
    const response = await fetch(`${harness.baseUrl}/object/opportunity/${SEED_IDS.fleet}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/#/records/opportunity/${SEED_IDS.fleet}`);
  });
});
