import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/app-error.ts';
import {
  linkWorkItem,
  readRecord,
  recordUrl,
  saveWorkItem,
  unlinkWorkItem,
  type WorkItemFields,
  workItemsFor,
} from '../../../src/core/crm.ts';
import { startRun } from '../../../src/core/run.ts';
import { APP_ACCESS_TOKEN, createFakeTwenty, TWENTY_API_URL } from '../../support/fake-twenty.ts';

const twenty = createFakeTwenty();
const server = setupServer(...twenty.handlers);
const core = twenty.core;
const run = () => startRun('tool', { kind: 'member', userWorkspaceId: 'uw-ada' }, 30);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  expect(twenty.problems).toEqual([]);
});
afterAll(() => server.close());

let acme: string;
let ada: string;
let fleet: string;
let other: string;
beforeEach(() => {
  twenty.reset();
  acme = core.insert('company', {
    name: 'Acme Robotics',
    domainName: { primaryLinkUrl: 'https://www.acme-robotics.com', primaryLinkLabel: '', secondaryLinks: [] },
  });
  ada = core.insert('person', { name: { firstName: 'Ada', lastName: 'Byron' }, companyId: acme });
  fleet = core.insert('opportunity', {
    name: 'Acme Robotics — Fleet expansion',
    companyId: acme,
    amount: { amountMicros: 120000000000, currencyCode: 'USD' },
  });
  other = core.insert('company', { name: 'Other Co', domainName: null });
});

const linear = (n: number, over: Partial<WorkItemFields> = {}): WorkItemFields => ({
  provider: 'linear',
  upstreamId: `0f0c6a1e-0000-4000-8000-00000000000${n}`,
  identifier: `ENG-${n}`,
  title: `Issue ${n}`,
  url: `https://linear.app/acme/issue/ENG-${n}`,
  status: 'Todo',
  statusCategory: 'OPEN',
  assignee: null,
  upstreamUpdatedAt: '2026-11-01T10:00:00.000Z',
  ...over,
});
const via = { connectionId: 'conn-1', connectionName: 'Linear #1', isPrivate: false };

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).message).not.toContain(APP_ACCESS_TOKEN);
  return error as AppError;
};

describe('reading Twenty records', () => {
  it('reads a company, a person and an opportunity with the company they belong to and a link to each', async () => {
    const company = await readRecord(run(), { object: 'company', id: acme });
    expect(company).toEqual({
      object: 'company',
      id: acme,
      name: 'Acme Robotics',
      url: `${TWENTY_API_URL}/object/company/${acme}`,
      company: { id: acme, name: 'Acme Robotics', domain: 'acme-robotics.com' },
      opportunity: null,
    });
    const person = await readRecord(run(), { object: 'person', id: ada });
    expect(person).toMatchObject({ name: 'Ada Byron', company: { id: acme }, opportunity: null });
    const opportunity = await readRecord(run(), { object: 'opportunity', id: fleet });
    expect(opportunity).toMatchObject({
      name: 'Acme Robotics — Fleet expansion',
      company: { name: 'Acme Robotics' },
      opportunity: { amount: { amountMicros: 120000000000, currencyCode: 'USD' } },
    });
  });

  it('links to records at CRM_BASE_URL when the admin set it', () => {
    process.env.CRM_BASE_URL = 'https://acme.twenty.com/';
    expect(recordUrl({ object: 'person', id: ada })).toBe(`https://acme.twenty.com/object/person/${ada}`);
  });

  it('answers NOT_FOUND naming the object and id when the record does not exist', async () => {
    const missing = '7e57a1e5-0000-4000-8000-000000000000';
    const error = await rejection(readRecord(run(), { object: 'person', id: missing }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(`person with id ${missing}`);
  });
});

describe('saving and linking work items', () => {
  it('keeps one work item per (provider, upstream id): saving twice updates it', async () => {
    const first = await saveWorkItem(run(), { ...linear(1), ...via });
    const second = await saveWorkItem(run(), {
      ...linear(1, { status: 'In Progress', statusCategory: 'IN_PROGRESS' }),
      ...via,
      connectionId: 'conn-2',
    });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const items = core.live('workItem');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      provider: 'LINEAR',
      status: 'In Progress',
      statusCategory: 'IN_PROGRESS',
      connectionId: 'conn-1',
      url: { primaryLinkUrl: 'https://linear.app/acme/issue/ENG-1', primaryLinkLabel: 'ENG-1' },
    });
  });

  it('never moves upstreamUpdatedAt backwards and keeps an item private once it was', async () => {
    await saveWorkItem(run(), {
      ...linear(1, { upstreamUpdatedAt: '2026-11-02T00:00:00.000Z' }),
      ...via,
      isPrivate: true,
    });
    await saveWorkItem(run(), {
      ...linear(1, { status: 'Stale', upstreamUpdatedAt: '2026-11-01T00:00:00.000Z' }),
      ...via,
    });
    expect(core.live('workItem')[0]).toMatchObject({
      status: 'Todo',
      upstreamUpdatedAt: '2026-11-02T00:00:00.000Z',
      isPrivate: true,
    });
  });

  it('tells providers apart: the same upstream id from GitHub is another item', async () => {
    await saveWorkItem(run(), { ...linear(1), ...via });
    await saveWorkItem(run(), { ...linear(1), provider: 'github', ...via });
    expect(core.live('workItem').map((i) => i.provider)).toEqual(['LINEAR', 'GITHUB']);
  });

  it('keeps one link per (work item, record): linking twice returns the same link', async () => {
    const { id } = await saveWorkItem(run(), { ...linear(1), ...via });
    const company = await readRecord(run(), { object: 'company', id: acme });
    const first = await linkWorkItem(run(), id, company, 'member-ada');
    const second = await linkWorkItem(run(), id, company, 'member-ada');
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(core.live('workItemLink')).toEqual([
      expect.objectContaining({
        label: 'ENG-1 ↔ Acme Robotics',
        workItemId: id,
        companyId: acme,
        linkedByWorkspaceMemberId: 'member-ada',
      }),
    ]);
  });

  it("lists a company's items with those of its people and opportunities, saying which record each came through", async () => {
    const record = (object: 'company' | 'person' | 'opportunity', id: string) =>
      readRecord(run(), { object, id });
    const direct = await saveWorkItem(run(), { ...linear(1), ...via });
    const viaPerson = await saveWorkItem(run(), {
      ...linear(2, { upstreamUpdatedAt: '2026-11-03T00:00:00.000Z' }),
      ...via,
    });
    const viaDeal = await saveWorkItem(run(), {
      ...linear(3, { upstreamUpdatedAt: '2026-11-02T00:00:00.000Z' }),
      ...via,
    });
    const elsewhere = await saveWorkItem(run(), { ...linear(4), ...via });
    await linkWorkItem(run(), direct.id, await record('company', acme), null);
    await linkWorkItem(run(), direct.id, await record('person', ada), null);
    await linkWorkItem(run(), viaPerson.id, await record('person', ada), null);
    await linkWorkItem(run(), viaDeal.id, await record('opportunity', fleet), null);
    await linkWorkItem(run(), elsewhere.id, await record('company', other), null);
    const before = core.documents.length;

    const items = await workItemsFor(run(), { object: 'company', id: acme });

    expect(core.documents.length - before).toBe(2);
    expect(items.map((i) => [i.identifier, i.via])).toEqual([
      ['ENG-2', { object: 'person', id: ada }],
      ['ENG-3', { object: 'opportunity', id: fleet }],
      ['ENG-1', { object: 'company', id: acme }],
    ]);
    expect(items[2]).toMatchObject({
      provider: 'linear',
      url: 'https://linear.app/acme/issue/ENG-1',
      isPrivate: false,
    });
    expect(items[2]!.links.map((l) => l.record.object).sort()).toEqual(['company', 'person']);
    const forPerson = await workItemsFor(run(), { object: 'person', id: ada });
    expect(forPerson.map((i) => i.identifier)).toEqual(['ENG-2', 'ENG-1']);
  });

  it('unlinks: removes the link, and the work item with its last link', async () => {
    const { id } = await saveWorkItem(run(), { ...linear(1), ...via });
    await linkWorkItem(run(), id, await readRecord(run(), { object: 'company', id: acme }), null);
    await linkWorkItem(run(), id, await readRecord(run(), { object: 'person', id: ada }), null);

    expect(await unlinkWorkItem(run(), id, { object: 'company', id: acme })).toEqual({ removed: true });
    expect(core.live('workItemLink').map((l) => l.personId)).toEqual([ada]);
    expect(core.live('workItem')).toHaveLength(1);

    expect(await unlinkWorkItem(run(), id, { object: 'person', id: ada })).toEqual({ removed: true });
    expect(core.live('workItemLink')).toEqual([]);
    expect(core.live('workItem')).toEqual([]);
    // Soft deleted, as Twenty's delete<Object> does: a member can still restore them.
    expect(core.rows.workItem[0]!.deletedAt).not.toBeNull();
    expect(await unlinkWorkItem(run(), id, { object: 'person', id: ada })).toEqual({ removed: false });
  });

  it('sends user text only in variables, never inside a GraphQL document', async () => {
    const hostile = 'Robots" } }) { __typename } #';
    const { id } = await saveWorkItem(run(), {
      ...linear(1, { title: hostile, identifier: `ENG-1${hostile}`, upstreamId: `${hostile}-id` }),
      ...via,
      connectionName: hostile,
    });
    core.rows.company[0]!.name = hostile;
    await linkWorkItem(run(), id, await readRecord(run(), { object: 'company', id: acme }), hostile);
    expect(core.live('workItem')[0]).toMatchObject({ title: hostile, upstreamId: `${hostile}-id` });
    for (const { query } of core.documents) expect(query).not.toContain('Robots');
  });
});

describe('when Twenty refuses or fails', () => {
  it('answers FORBIDDEN naming the object when the app role lacks the permission', async () => {
    core.revoke('workItem', 'update');
    const error = await rejection(saveWorkItem(run(), { ...linear(1), ...via }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/create workItem records: the twenty-connect app role lacks/);
  });

  it('answers FORBIDDEN for a record the role may not read', async () => {
    core.revoke('company', 'read');
    const error = await rejection(readRecord(run(), { object: 'company', id: acme }));
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('read company') });
  });

  it('answers UPSTREAM_UNAVAILABLE without the token when Twenty is unreachable or failing', async () => {
    server.use(http.post(`${TWENTY_API_URL}/graphql`, () => HttpResponse.error()));
    expect((await rejection(readRecord(run(), { object: 'company', id: acme }))).code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
    server.use(
      http.post(`${TWENTY_API_URL}/graphql`, () =>
        HttpResponse.json(
          { errors: [{ message: `bad ${APP_ACCESS_TOKEN}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
          { status: 500 },
        ),
      ),
    );
    const error = await rejection(saveWorkItem(run(), { ...linear(1), ...via }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('sends the application token, so the app role applies', async () => {
    process.env.TWENTY_APP_ACCESS_TOKEN = 'delegated-member-token';
    await readRecord(run(), { object: 'company', id: acme });
    delete process.env.TWENTY_APP_ACCESS_TOKEN;
    // The fake Twenty records a problem for any other bearer token; afterEach asserts there is none.
  });
});
