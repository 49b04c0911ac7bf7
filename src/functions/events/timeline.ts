import { createTimelineActivity } from 'twenty-sdk/logic-function';
import type { RecordObject, RecordRef, StoredWorkItem } from '../../core/crm';
import { log } from '../../core/run';
import { IDS } from '../../universal-identifiers';

export type TypeName = keyof typeof IDS.timelineActivityTypes;

/**
 * Twenty's standard object universalIdentifiers (twenty-sdk/define `STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS`,
 * written out so this bundle does not carry the SDK's whole table; a unit test compares them).
 */
export const TARGET_OBJECTS: Record<RecordObject, string> = {
  company: '20202020-b374-4779-a561-80086cb2e17f',
  person: '20202020-e674-48e5-a542-72570eee7213',
  opportunity: '20202020-9549-49dd-b2b2-883999db8938',
};

/**
 * One explicit timeline event per linked record (RESEARCH-12 §A4/§B3): the target is the company, person or
 * opportunity, the linked record the work item, so Twenty's generic row reads "<label> <work item>" (§B4).
 * Twenty forces `workspaceMemberId` to null for app-created rows, so the provider's actor goes in
 * `properties`. Runs one record at a time: every entry is a metadata read and a REST create.
 */
export const writeTimeline = async (
  item: Pick<StoredWorkItem, 'id' | 'provider' | 'identifier' | 'title' | 'url'> & {
    links: { record: RecordRef }[];
  },
  type: TypeName,
  details: {
    from?: unknown;
    to?: unknown;
    actor: { name: string; url?: string } | null;
    at?: string;
    [k: string]: unknown;
  },
): Promise<number> => {
  const { at, ...rest } = details;
  const properties = {
    provider: item.provider,
    identifier: item.identifier,
    title: item.title,
    url: item.url,
    from: null,
    to: null,
    ...rest,
  };
  let written = 0;
  for (const { record } of item.links) {
    try {
      await createTimelineActivity({
        timelineActivityTypeUniversalIdentifier: IDS.timelineActivityTypes[type],
        targetObjectUniversalIdentifier: TARGET_OBJECTS[record.object],
        targetRecordId: record.id,
        linkedRecordId: item.id,
        linkedObjectMetadataUniversalIdentifier: IDS.objects.workItem,
        ...(at ? { happensAt: at } : {}),
        properties,
      });
      written++;
    } catch (error) {
      log('warn', 'timeline entry not written', {
        type,
        object: record.object,
        error: (error as Error).message,
      });
    }
  }
  return written;
};
