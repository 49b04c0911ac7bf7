import type { ObjectDef, ObjectModel } from './object-model.ts';
import type { StoredRecord, WorkspaceRecords } from './record-store.ts';

export type RecordRef = { object: string; id: string; name: string };

/** A record's title as Twenty shows it: its label identifier field (a FULL_NAME joined). */
export const displayName = (object: ObjectDef, record: StoredRecord): string => {
  const value = record[object.labelIdentifier];
  if (value && typeof value === 'object') {
    const { firstName, lastName } = value as { firstName?: string; lastName?: string };
    return [firstName, lastName].filter(Boolean).join(' ');
  }
  return typeof value === 'string' ? value : record.id;
};

const live = (store: WorkspaceRecords, object: string, id: unknown) => {
  if (typeof id !== 'string') return null;
  const record = store.get(object, id);
  return record && record.deletedAt === null ? record : null;
};

const refOf = (model: ObjectModel, object: string, record: StoredRecord): RecordRef => ({
  object,
  id: record.id,
  name: displayName(model.byName.get(object)!, record),
});

/** Which column of `workItemLink` points at each record object (docs/linked-work.md: companyId, personId, opportunityId). */
const LINK_COLUMN: Record<string, string> = {
  company: 'companyId',
  person: 'personId',
  opportunity: 'opportunityId',
};

/**
 * Work items linked to a record through `workItemLink`; for a company also those linked to its people and
 * opportunities, each with `via` (the record it is linked to). Soft-deleted links and items are left out.
 */
export const workItemsFor = (
  model: ObjectModel,
  store: WorkspaceRecords,
  object: string,
  record: StoredRecord,
) => {
  if (!model.byName.has('workItem') || !model.byName.has('workItemLink')) return [];
  const targets: RecordRef[] = [refOf(model, object, record)];
  if (object === 'company') {
    for (const child of ['person', 'opportunity'])
      for (const row of store.all(child))
        if (row.deletedAt === null && row.companyId === record.id) targets.push(refOf(model, child, row));
  }
  const links = store.all('workItemLink').filter((link) => link.deletedAt === null);
  const items = [];
  for (const via of targets) {
    const column = LINK_COLUMN[via.object];
    if (!column) continue;
    for (const link of links.filter((l) => l[column] === via.id)) {
      const item = live(store, 'workItem', link.workItemId);
      if (!item) continue;
      const url = item.url as { primaryLinkUrl?: string } | null | undefined;
      items.push({
        id: item.id,
        linkId: link.id,
        provider: item.provider ?? null,
        identifier: item.identifier ?? null,
        title: item.title ?? null,
        url: url?.primaryLinkUrl ?? null,
        status: item.status ?? null,
        statusCategory: item.statusCategory ?? null,
        assignee: item.assignee ?? null,
        lastRefreshedAt: item.lastRefreshedAt ?? null,
        upstreamUpdatedAt: item.upstreamUpdatedAt ?? null,
        isPrivate: item.isPrivate === true,
        connectionName: item.connectionName ?? null,
        linkedByWorkspaceMemberId: link.linkedByWorkspaceMemberId ?? null,
        via,
      });
    }
  }
  return items;
};

/** The record with its related records (company, people, opportunities, point of contact) as references. */
export const recordView = (
  model: ObjectModel,
  store: WorkspaceRecords,
  object: string,
  record: StoredRecord,
) => {
  const related: Record<string, RecordRef | RecordRef[] | null> = {};
  const def = model.byName.get(object)!;
  for (const field of def.fields) {
    if (!field.relation || !model.byName.has(field.relation.target)) continue;
    const { target } = field.relation;
    if (target === 'workItemLink' || target === 'workItem') continue;
    if (field.relation.type === 'MANY_TO_ONE') {
      const row = live(store, target, record[`${field.name}Id`]);
      related[field.name] = row ? refOf(model, target, row) : null;
    } else {
      const inverse = field.relation.inverse;
      related[field.name] = inverse
        ? store
            .all(target)
            .filter((row) => row.deletedAt === null && row[`${inverse}Id`] === record.id)
            .map((row) => refOf(model, target, row))
        : [];
    }
  }
  return { object, ...record, name: displayName(def, record), related };
};

export const findLive = live;
