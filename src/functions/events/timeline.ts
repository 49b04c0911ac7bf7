import { companiesOf, type RecordObject, type RecordRef, type StoredWorkItem } from '../../core/crm';
import { log, type Run } from '../../core/run';
import { twentyCall } from '../../core/twenty-api';
import { TIMELINE_ACTIVITY_TYPES, WORK_ITEM_OBJECT } from '../../universal-identifiers';

export type TypeName = keyof typeof TIMELINE_ACTIVITY_TYPES;

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
 * The two requests twenty-sdk's `createTimelineActivity` sends (twenty-sdk 2.43 dist/logic-function/index.mjs,
 * source map `timeline/create-timeline-activity.ts`; docs/events-sources.md §A4), made here directly: the SDK helper
 * goes through twenty-client-sdk's generated metadata client, which adds ~140 kB to every bundle that uses it
 * (README "Bundle size"). Same document, same variables, same REST body; our app token, as for the core API.
 * 1. the type ids and object ids of this workspace, once per run:
 */
const METADATA =
  'query ($v1:CursorPaging!,$v2:ObjectFilter!){timelineActivityTypes{id,universalIdentifier,isActive},objects(paging:$v1,filter:$v2){edges{node{id,universalIdentifier,nameSingular}}}}';
type Metadata = {
  timelineActivityTypes: { id: string; universalIdentifier: string; isActive: boolean }[];
  objects: { edges: { node: { id: string; universalIdentifier: string; nameSingular: string } }[] };
};
const metadataOf = new WeakMap<Run, Promise<Metadata>>();
const wanted = [...Object.values(TARGET_OBJECTS), WORK_ITEM_OBJECT];
const metadata = (run: Run): Promise<Metadata> => {
  let answer = metadataOf.get(run);
  if (!answer) {
    answer = twentyCall<Metadata>(run, { action: 'read', object: 'timelineActivityType' }, '/metadata', {
      query: METADATA,
      variables: { v1: { first: wanted.length }, v2: { universalIdentifier: { in: wanted } } },
    });
    answer.catch(() => metadataOf.delete(run));
    metadataOf.set(run, answer);
  }
  return answer;
};

/**
 * 2. `POST /rest/timelineActivities` with `target<Object>Id`, the linked work item and its object id. Twenty
 * checks it (timeline-activity-mutation-input.util.ts, §B3): one target, linked id and object together, the
 * app's own types only, `workspaceMemberId` forced to null, a future `happensAt` clamped to now.
 */
const createEntry = async (
  run: Run,
  type: TypeName,
  record: RecordRef,
  body: { linkedRecordId: string; happensAt?: string; properties: object },
) => {
  const meta = await metadata(run);
  const uid = TIMELINE_ACTIVITY_TYPES[type];
  const found = meta.timelineActivityTypes.find((t) => t.universalIdentifier === uid);
  // "isActive false ... reject[s] new explicit events" (Twenty's timeline-activity-types docs): an admin muted it.
  if (!found?.isActive)
    throw new Error(`timeline type ${type} is ${found ? 'switched off' : 'not installed'}`);
  const objectId = (universalIdentifier: string) =>
    meta.objects.edges.find((e) => e.node.universalIdentifier === universalIdentifier)?.node.id;
  await twentyCall(run, { action: 'create', object: 'timelineActivity' }, '/rest/timelineActivities', {
    ...body,
    timelineActivityTypeId: found.id,
    linkedObjectMetadataId: objectId(WORK_ITEM_OBJECT),
    [`target${record.object[0]!.toUpperCase()}${record.object.slice(1)}Id`]: record.id,
  });
};

/**
 * One explicit timeline event per linked record, and per company of a linked person or opportunity
 * (docs/events-sources.md §A4/§B3): the target is the company, person or opportunity, the linked record the work item, so Twenty's generic row reads "<label> <work item>" (§B4).
 * Twenty forces `workspaceMemberId` to null for app-created rows, so the provider's actor goes in
 * `properties`. An entry that fails (an admin switched the type off, a permission) is logged and left out:
 * the change itself stands. Answers how many entries were written.
 */
export const writeTimeline = async (
  run: Run,
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
  // The linked records, and the companies of linked people and opportunities (a company's page lists their
  // work with `via`, so its timeline tells their changes too), each once.
  const linked = item.links.map((l) => l.record);
  const direct = new Set(linked.filter((r) => r.object === 'company').map((r) => r.id));
  const targets: RecordRef[] = [
    ...linked,
    ...(await companiesOf(run, linked).catch(() => []))
      .filter((id) => !direct.has(id))
      .map((id) => ({ object: 'company' as const, id })),
  ];
  let written = 0;
  for (const record of targets) {
    try {
      await createEntry(run, type, record, {
        linkedRecordId: item.id,
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
