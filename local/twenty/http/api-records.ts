import { displayName, findLive, recordView, workItemsFor } from '../records/record-view.ts';
import { timelineView } from '../records/timeline.ts';
import { HttpError } from './http-errors.ts';
import { requireMember, type Services } from './services.ts';

const MAX_LIST = 200;

const objectOf = (services: Services, name: string) => {
  const model = services.records.model();
  const object = model.byName.get(name) ?? model.byPlural.get(name);
  if (!object) throw new HttpError('NOT_FOUND', `No object "${name}".`);
  return { model, object };
};

/** `GET /api/records/:object?member=` → `{ object, records: [{ id, name, … }] }` (not deleted, first 200). */
export const getRecords = (services: Services, url: URL, name: string): Response => {
  requireMember(services, url.searchParams.get('member'));
  const { model, object } = objectOf(services, name);
  const { store } = services.records;
  const rows = store.all(object.nameSingular).filter((row) => row.deletedAt === null);
  return Response.json({
    object: object.nameSingular,
    labelSingular: object.labelSingular,
    totalCount: rows.length,
    records: rows.slice(0, MAX_LIST).map((row) => {
      const view = recordView(model, store, object.nameSingular, row);
      return {
        ...view,
        name: displayName(object, row),
        workItemCount: workItemsFor(model, store, object.nameSingular, row).length,
      };
    }),
  });
};

/** `GET /api/records/:object/:id?member=` → `{ record, workItems: [...], timeline: [...] }` (newest first). */
export const getRecord = (services: Services, url: URL, name: string, id: string): Response => {
  requireMember(services, url.searchParams.get('member'));
  const { model, object } = objectOf(services, name);
  const { store } = services.records;
  const record = findLive(store, object.nameSingular, id);
  if (!record) throw new HttpError('NOT_FOUND', `No ${object.nameSingular} with id ${id}.`);
  return Response.json({
    record: recordView(model, store, object.nameSingular, record),
    workItems: workItemsFor(model, store, object.nameSingular, record),
    timeline: timelineView(model, store, services.records.timeline.forRecord(object.nameSingular, record.id)),
  });
};

/** `GET /object/:object/:id` (where the app's record links point, as in Twenty's UI) → the console's record page. */
export const recordPageRedirect = (pathname: string): Response | null => {
  const match = /^\/object\/([A-Za-z][A-Za-z0-9]*)\/([0-9a-fA-F-]{36})$/.exec(pathname);
  if (!match) return null;
  return new Response(null, { status: 302, headers: { location: `/#/records/${match[1]}/${match[2]}` } });
};
