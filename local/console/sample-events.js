// Realistic database-event records, shaped like Twenty's standard objects, to prefill the event editors.

const RECORD_ID = '8a3c1f52-4d0e-4b6a-9c57-2f1e6d9b0a41';

function opportunity(stage, updatedAt) {
  return {
    id: RECORD_ID,
    name: 'Acme Corp — annual plan',
    amount: { amountMicros: 48000000000, currencyCode: 'USD' },
    closeDate: '2025-12-15T00:00:00.000Z',
    stage,
    position: 3,
    companyId: '5f0b7c3e-1a2d-4e8f-b6c9-0d1e2f3a4b5c',
    pointOfContactId: 'c2d4e6f8-0a1b-4c3d-8e5f-6a7b8c9d0e1f',
    createdBy: { source: 'MANUAL', name: 'Tim Apple' },
    createdAt: '2025-10-02T09:14:00.000Z',
    updatedAt,
    deletedAt: null,
  };
}

function generic(objectName, label) {
  return {
    id: RECORD_ID,
    name: `${objectName} ${label}`,
    createdAt: '2025-10-02T09:14:00.000Z',
    updatedAt: new Date().toISOString(),
  };
}

/** `{ recordId, before, after }` for an event name like `opportunity.updated`. */
export function sampleEvent(eventName = 'opportunity.updated') {
  const [objectName = 'opportunity', action = 'updated'] = eventName.split('.');
  const isOpportunity = objectName === 'opportunity';
  let before = isOpportunity
    ? opportunity('MEETING', '2025-11-18T16:02:00.000Z')
    : generic(objectName, 'before');
  let after = isOpportunity
    ? opportunity('PROPOSAL', new Date().toISOString())
    : generic(objectName, 'after');
  if (action === 'created') before = null;
  if (action === 'deleted' || action === 'destroyed') after = null;
  return { recordId: RECORD_ID, before, after };
}
