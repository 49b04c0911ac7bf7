/**
 * Linked work, end to end: the real app's functions on the local runtime, against the sandbox providers and the
 * runtime's emulated Twenty core API (records, the app's objects, the app role's permissions). What a member
 * does from a record, and what the record then shows (`GET /api/records/...`, as the console's Records view).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { SEED_IDS } from '../../local/twenty/records/seed.ts';
import {
  addConnection,
  type Harness,
  removeDataDir,
  runTool,
  startHarness,
} from './helpers/runtime-harness.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const FLEET = { object: 'opportunity', id: SEED_IDS.fleet } as const;
const ACME = { object: 'company', id: SEED_IDS.acme } as const;
const MAYA = { object: 'person', id: SEED_IDS.maya } as const;
const WEBSITE_ISSUE = 'https://github.com/acme-robotics/website/issues/2';
/** In the private repository acme-robotics/firmware: Ada is its admin, Grace has no access (GitHub answers 404). */
const FIRMWARE_ISSUE = 'acme-robotics/firmware#1';

// biome-ignore lint/suspicious/noExplicitAny: results are checked by shape in each test.
type Result = any;

describe('linked work: issues on the companies, people and opportunities they are about', () => {
  let harness: Harness;

  /** Runs a tool as a member and answers what the AI would read. */
  const tool = (name: string, member: string, input: unknown): Promise<Result> =>
    runTool(harness, name, member, input);
  const page = async (record: { object: string; id: string }, member = 'ada'): Promise<Result> => {
    const answer = await harness.api('GET', `/api/records/${record.object}/${record.id}?member=${member}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const linear = () => harness.services.ctx.bridge!.forProvider('linear')!;
  const github = () => harness.services.ctx.bridge!.forProvider('github')!;
  // biome-ignore lint/suspicious/noExplicitAny: the sandbox view is JSON for the console.
  const customers = (): any[] => (linear().view() as any).customers;
  const itemsOn = async (record: { object: string; id: string }) =>
    (await page(record)).workItems.map((item: Result) => item.identifier);

  beforeAll(async () => {
    harness = await startHarness({ app: await buildApp(PROJECT_ROOT) });
    const configured = await harness.api('PUT', '/api/server-variables', {
      values: {
        LINEAR_CLIENT_ID: 'lin-app-id',
        LINEAR_CLIENT_SECRET: 'lin-app-secret-value',
        GITHUB_CLIENT_ID: 'gh-app-id',
        GITHUB_CLIENT_SECRET: 'gh-app-secret-value',
      },
    });
    expect(configured.status).toBe(200);
    for (const [member, provider, account] of [
      ['ada', 'linear', undefined],
      ['ada', 'github', 'ada-acme'],
      ['grace', 'github', 'grace-acme'],
    ] as const) {
      const landed = await addConnection(harness, { member, provider, visibility: 'user', account });
      expect(landed.searchParams.get('connectionError')).toBeNull();
    }
  }, 240_000);
  afterAll(async () => {
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  let issue: string;

  it('creates a Linear issue from an opportunity: linked back, shown on it and its company, a Linear customer request made', async () => {
    const result = await tool('linear-create-issue', 'ada', {
      team: 'ENG',
      title: 'Fleet expansion needs multi-site dashboards',
      record: FLEET,
    });
    expect(result.success).toBe(true);
    issue = result.issue.identifier;
    expect(result.record).toMatchObject({ object: 'opportunity', name: 'Acme Robotics — Fleet expansion' });
    expect(result.linked).toBe('linked');
    expect(result.customerRequest).toMatchObject({ created: true });

    const opportunity = await page(FLEET);
    const item = opportunity.workItems.find((i: Result) => i.identifier === issue);
    expect(item).toMatchObject({ provider: 'LINEAR', statusCategory: expect.any(String) });
    expect(item.status).toBeTruthy();
    const company = await page(ACME);
    expect(company.workItems.map((i: Result) => i.identifier)).toContain(issue);

    const acme = customers().find((c) => c.externalIds.includes(SEED_IDS.acme));
    expect(acme).toMatchObject({ name: 'Acme Robotics', domains: ['acme-robotics.com'] });
    expect(acme.requests).toHaveLength(1);
    expect(acme.requests[0].issue).toBe(issue);
    expect(acme.requests[0].body).toContain('Fleet expansion');
    expect(acme.requests[0].body).toMatch(/240,000 USD/);
    // The issue's description links back to the record in Twenty.
    // biome-ignore lint/suspicious/noExplicitAny: the sandbox view is JSON for the console.
    const created = (linear().view() as any).teams
      .flatMap((team: Result) => team.issues)
      .find((i: Result) => i.identifier === issue);
    expect(created.description).toContain(`](${harness.baseUrl}/object/opportunity/${SEED_IDS.fleet})`);
  });

  it('linking the same issue again, by identifier or by URL, adds nothing: one item, one link, one customer request', async () => {
    const url = (await page(FLEET)).workItems.find((i: Result) => i.identifier === issue).url;
    for (const reference of [issue, url]) {
      const again = await tool('link-work-item', 'ada', { reference, record: FLEET });
      expect(again.success).toBe(true);
      expect(again.linked).toBe('was already linked');
    }
    // Linked to the company itself as well: a second link, but the same Customer and the same request.
    const onCompany = await tool('link-work-item', 'ada', { reference: issue, record: ACME });
    expect(onCompany.linked).toBe('linked');
    expect(onCompany.customerRequest).toMatchObject({ created: false });
    const acme = customers().filter((c) => c.externalIds.includes(SEED_IDS.acme));
    expect(acme).toHaveLength(1);
    expect(acme[0].requests).toHaveLength(1);
    expect((await itemsOn(FLEET)).filter((id: string) => id === issue)).toHaveLength(1);
  });

  it('links an existing GitHub issue by URL and refreshes it with conditional requests', async () => {
    const linked = await tool('link-work-item', 'ada', { reference: WEBSITE_ISSUE, record: ACME });
    expect(linked.success).toBe(true);
    expect(linked.item).toMatchObject({
      provider: 'github',
      identifier: 'acme-robotics/website#2',
      statusCategory: 'OPEN',
      isPrivate: false,
    });
    expect(await itemsOn(ACME)).toContain('acme-robotics/website#2');

    const first = await tool('list-work-items', 'ada', { record: ACME });
    const second = await tool('list-work-items', 'ada', { record: ACME });
    for (const listed of [first, second]) {
      expect(listed.record.name).toBe('Acme Robotics');
      expect(listed.items.map((i: Result) => i.identifier)).toEqual(
        expect.arrayContaining([issue, 'acme-robotics/website#2']),
      );
      expect(listed.refresh.linear).toMatchObject({ requests: 1 });
      expect(listed.refresh.github).toMatchObject({ requests: 1, updated: 0, unchanged: 1 });
    }
    // The second read of the GitHub issue was answered 304 Not Modified (the stored ETag matched).
    const reads = github()
      .calls()
      .filter((call) => call.operation === 'GET /repos/{owner}/{repo}/issues/{issue_number}');
    expect(reads.at(-1)!.status).toBe(304);
  });

  it('lists the current status once it changes upstream', async () => {
    const moved = await tool('linear-update-issue', 'ada', { issue, state: 'Done' });
    expect(moved.success).toBe(true);
    const listed = await tool('list-work-items', 'ada', { record: FLEET });
    expect(listed.items.find((i: Result) => i.identifier === issue)).toMatchObject({
      status: 'Done',
      statusCategory: 'DONE',
    });
    const shown = (await page(ACME)).workItems.find((i: Result) => i.identifier === issue);
    expect(shown).toMatchObject({ statusCategory: 'DONE', status: 'Done' });
  });

  it('creates a GitHub issue from a person: linked to them, with a link back in its body', async () => {
    const result = await tool('github-create-issue', 'ada', {
      repository: 'acme-robotics/website',
      title: 'Maya cannot export the fleet report',
      record: MAYA,
    });
    expect(result.success).toBe(true);
    expect(result.linked).toBe('linked');
    const identifier = `acme-robotics/website#${result.issue.number}`;
    expect(await itemsOn(MAYA)).toContain(identifier);
    // On Maya's company too, through her.
    const onCompany = (await page(ACME)).workItems.find((i: Result) => i.identifier === identifier);
    expect(onCompany.via).toMatchObject({ object: 'person', id: SEED_IDS.maya });
    expect(JSON.stringify(github().view())).toContain(`/object/person/${SEED_IDS.maya}`);
  });

  it('nobody links what they cannot see: nothing is stored', async () => {
    const before = await itemsOn(ACME);
    const grace = await tool('link-work-item', 'grace', { reference: FIRMWARE_ISSUE, record: ACME });
    expect(grace).toMatchObject({ success: false, code: 'NOT_FOUND' });
    const privateTeam = await tool('link-work-item', 'ada', { reference: 'SEC-1', record: ACME });
    expect(privateTeam).toMatchObject({ success: false, code: 'NOT_FOUND' });
    expect(await itemsOn(ACME)).toEqual(before);
  });

  it("never uses another member's private connection", async () => {
    const before = await itemsOn(ACME);
    // Alan has no connection of his own and none is shared: Ada's and Grace's are theirs alone.
    const alan = await tool('link-work-item', 'alan', { reference: WEBSITE_ISSUE, record: FLEET });
    expect(alan).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    const named = await tool('link-work-item', 'alan', {
      reference: WEBSITE_ISSUE,
      record: FLEET,
      connection: 'GitHub #1',
    });
    expect(named).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    expect(await itemsOn(ACME)).toEqual(before);
  });

  it('asks before a private item becomes CRM data, and says who sees it once linked', async () => {
    const refused = await tool('link-work-item', 'ada', { reference: FIRMWARE_ISSUE, record: ACME });
    expect(refused).toMatchObject({ success: false, code: 'FORBIDDEN', fields: ['shareWithRecord'] });
    expect(refused.error).toMatch(/private/);
    expect(await itemsOn(ACME)).not.toContain(FIRMWARE_ISSUE);

    const shared = await tool('link-work-item', 'ada', {
      reference: FIRMWARE_ISSUE,
      record: ACME,
      shareWithRecord: true,
    });
    expect(shared.item.isPrivate).toBe(true);
    expect(shared.visibility).toMatch(/private upstream.*Acme Robotics/);
    const shown = (await page(ACME)).workItems.find((i: Result) => i.identifier === FIRMWARE_ISSUE);
    expect(shown.isPrivate).toBe(true);
  });

  it('unlinks an item from a record, and only from that record', async () => {
    const unlinked = await tool('unlink-work-item', 'ada', { reference: WEBSITE_ISSUE, record: ACME });
    expect(unlinked).toMatchObject({ success: true, unlinked: true });
    expect(await itemsOn(ACME)).not.toContain('acme-robotics/website#2');
    // The issue linked to both the opportunity and the company stays on the opportunity.
    const fromCompany = await tool('unlink-work-item', 'ada', { reference: issue, record: ACME });
    expect(fromCompany.unlinked).toBe(true);
    expect(await itemsOn(FLEET)).toContain(issue);
    const missing = await tool('unlink-work-item', 'ada', { reference: 'ENG-9999', record: ACME });
    expect(missing).toMatchObject({ success: false, code: 'NOT_FOUND' });
  });

  it('refuses a record that does not exist before anything is created upstream', async () => {
    const creates = linear()
      .calls()
      .filter((call) => call.operation.includes('issueCreate')).length;
    const result = await tool('linear-create-issue', 'ada', {
      team: 'ENG',
      title: 'About nobody',
      record: { object: 'company', id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(result).toMatchObject({ success: false, code: 'NOT_FOUND' });
    expect(
      linear()
        .calls()
        .filter((call) => call.operation.includes('issueCreate')).length,
    ).toBe(creates);
  });
});
