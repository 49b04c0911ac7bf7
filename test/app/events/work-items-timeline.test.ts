import { describe, expect, it } from 'vitest';
import { IDS } from '../../../src/universal-identifiers.ts';
import { runTool } from '../../support/run-function.ts';
import { linearIssue } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const LINK = 'src/functions/work-items/link-work-item.ts';
const LIST = 'src/functions/work-items/list-work-items.ts';

const acme = () => up.twenty.core.insert('company', { name: 'Acme Robotics', domainName: null });
const connectAda = () => up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });

describe('timeline entries from linking and listing', () => {
  it('writes "linked" on the record once, when the link is made', async () => {
    connectAda();
    const companyId = acme();
    const args = { reference: 'ENG-1', record: { object: 'company', id: companyId } };

    const first = await runTool(LINK, args, 'uw-ada');
    await runTool(LINK, args, 'uw-ada');

    expect(first).toMatchObject({ success: true, linked: 'linked' });
    expect(up.twenty.timeline).toEqual([
      expect.objectContaining({
        type: IDS.timelineActivityTypes.workItemLinked,
        target: { object: 'company', id: companyId },
        linkedRecordId: first.workItemId,
        properties: expect.objectContaining({ provider: 'linear', identifier: 'ENG-1', to: 'Acme Robotics' }),
        workspaceMemberId: null,
      }),
    ]);
  });

  it('writes the status change a list refresh finds, once, on the linked record', async () => {
    connectAda();
    const companyId = acme();
    const seeded = linearIssue(up.linear, 'ENG-1');
    const workItemId = up.twenty.core.insert('workItem', {
      title: seeded.title,
      provider: 'LINEAR',
      upstreamId: seeded.id,
      identifier: 'ENG-1',
      url: { primaryLinkUrl: 'https://linear.app/acme/issue/ENG-1/x' },
      status: 'Todo',
      statusCategory: 'OPEN',
      assignee: 'Ada Lovelace',
      upstreamUpdatedAt: '2020-01-01T00:00:00.000Z',
      isPrivate: false,
    });
    up.twenty.core.insert('workItemLink', { workItemId, companyId, personId: null, opportunityId: null });
    const args = { record: { object: 'company', id: companyId } };

    const listed = await runTool(LIST, args, 'uw-ada');
    await runTool(LIST, args, 'uw-ada');

    expect(listed.items[0]).toMatchObject({ identifier: 'ENG-1', status: 'In Progress' });
    expect(up.twenty.timeline).toEqual([
      expect.objectContaining({
        type: IDS.timelineActivityTypes.workItemStatusInProgress,
        target: { object: 'company', id: companyId },
        linkedRecordId: workItemId,
        properties: expect.objectContaining({ from: 'Todo', to: 'In Progress', actor: null }),
      }),
    ]);
  });
});
