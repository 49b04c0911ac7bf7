import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { AppManifest } from '../build/manifest.ts';
import type { ObjectModel } from './object-model.ts';
import type { WorkspaceRecords } from './record-store.ts';
import { displayName, findLive } from './record-view.ts';

/**
 * Timeline activities as Twenty stores the ones apps create (docs/events-sources.md §A4, §B3):
 * - the app's types are the manifest's `timelineActivityTypes` (`defineTimelineActivityType`); the runtime has no
 *   metadata ids of its own, so a type's `id` (and an object's) is its universalIdentifier;
 * - `POST /rest/timelineActivities` with `{ timelineActivityTypeId, target<Object>Id, happensAt?, properties?,
 *   linkedRecordId?, linkedObjectMetadataId? }` (what twenty-sdk 2.43's `createTimelineActivity` sends), checked by
 *   the server's rules (twentyhq/twenty `timeline-activity-mutation-input.util`, index id 66546843243): a type is
 *   required; exactly one `target*`; `linkedRecordId` with `linkedObjectMetadataId` or neither; an application
 *   only its own types; for an application `workspaceMemberId` forced to null and a future `happensAt` clamped to
 *   now; the type's snapshot stamped at creation.
 */
export type TimelineType = {
  id: string;
  universalIdentifier: string;
  name: string;
  label: string;
  icon?: string;
};

export const timelineTypes = (manifest: AppManifest): TimelineType[] =>
  (manifest.timelineActivityTypes ?? []).map((type) => ({
    id: type.universalIdentifier,
    universalIdentifier: type.universalIdentifier,
    name: type.name,
    label: type.label,
    ...(type.icon ? { icon: type.icon } : {}),
  }));

export class TimelineInputError extends Error {
  override name = 'TimelineInputError';
}

type Snapshot = { name: string; label: string; icon?: string };

export type TimelineActivity = {
  id: string;
  timelineActivityTypeId: string;
  timelineActivityTypeSnapshot: Snapshot;
  happensAt: string;
  properties: unknown;
  targetObject: string;
  targetRecordId: string;
  linkedRecordId: string | null;
  linkedObjectMetadataId: string | null;
  workspaceMemberId: string | null;
  createdAt: string;
};

const toActivity = (row: Record<string, unknown>): TimelineActivity => ({
  id: String(row.id),
  timelineActivityTypeId: String(row.type_id),
  timelineActivityTypeSnapshot: JSON.parse(String(row.type_snapshot)) as Snapshot,
  happensAt: String(row.happens_at),
  properties: row.properties === null ? null : JSON.parse(String(row.properties)),
  targetObject: String(row.target_object),
  targetRecordId: String(row.target_record_id),
  linkedRecordId: row.linked_record_id === null ? null : String(row.linked_record_id),
  linkedObjectMetadataId:
    row.linked_object_metadata_id === null ? null : String(row.linked_object_metadata_id),
  workspaceMemberId: row.workspace_member_id === null ? null : String(row.workspace_member_id),
  createdAt: String(row.created_at),
});

const INPUT_KEYS = new Set([
  'timelineActivityTypeId',
  'happensAt',
  'properties',
  'linkedRecordId',
  'linkedObjectMetadataId',
  'workspaceMemberId',
]);

const MAX_PROPERTIES_BYTES = 64_000;

/** `timeline_activities` (migration 7). */
export class TimelineStore {
  constructor(private readonly db: DatabaseSync) {}

  /**
   * Checks and stores one activity. `byApplication`: the caller is the app (its tokens), so the app rules apply.
   * Throws `TimelineInputError` (a 400) with the server's message where it has one.
   */
  create(
    input: Record<string, unknown>,
    env: {
      manifest: AppManifest;
      model: ObjectModel;
      store: WorkspaceRecords;
      byApplication: boolean;
      now?: Date;
    },
  ): TimelineActivity {
    const now = env.now ?? new Date();
    const typeId = input.timelineActivityTypeId;
    if (typeof typeId !== 'string' || typeId === '')
      throw new TimelineInputError('A timeline activity type is required on creation');
    const targets = Object.entries(input).filter(
      ([key, value]) => key.startsWith('target') && value !== undefined && value !== null,
    );
    const linkedId = input.linkedRecordId ?? null;
    const linkedObjectId = input.linkedObjectMetadataId ?? null;
    if ((linkedId === null) !== (linkedObjectId === null) || targets.length !== 1) {
      throw new TimelineInputError(
        'A timeline activity requires exactly one target and complete linked record metadata',
      );
    }
    for (const key of Object.keys(input)) {
      if (!INPUT_KEYS.has(key) && !key.startsWith('target'))
        throw new TimelineInputError(`Unknown field "${key}" on timelineActivity`);
    }
    // Every type the runtime knows is the app's own: any other id is not the application's to create.
    const type = timelineTypes(env.manifest).find((candidate) => candidate.id === typeId);
    if (!type) throw new TimelineInputError('An application can only create its own timeline activity types');
    const [targetKey, targetId] = targets[0]!;
    const objectName = /^target([A-Z][A-Za-z0-9]*)Id$/.exec(targetKey)?.[1];
    const object = objectName
      ? env.model.byName.get(objectName[0]!.toLowerCase() + objectName.slice(1))
      : undefined;
    if (!object) throw new TimelineInputError(`Unknown timeline target field "${targetKey}"`);
    if (typeof targetId !== 'string' || !findLive(env.store, object.nameSingular, targetId))
      throw new TimelineInputError(`No ${object.nameSingular} with id ${String(targetId)}`);
    if (linkedId !== null) {
      if (typeof linkedId !== 'string' || typeof linkedObjectId !== 'string')
        throw new TimelineInputError('linkedRecordId and linkedObjectMetadataId must be strings');
      if (!env.model.objects.some((candidate) => candidate.universalIdentifier === linkedObjectId))
        throw new TimelineInputError(`Unknown object metadata ${linkedObjectId}`);
    }
    let happensAt = now.toISOString();
    if (input.happensAt !== undefined && input.happensAt !== null) {
      const at = new Date(String(input.happensAt));
      if (Number.isNaN(at.getTime())) throw new TimelineInputError('happensAt must be a date');
      happensAt = env.byApplication && at > now ? now.toISOString() : at.toISOString();
    }
    const properties = input.properties ?? null;
    const propertiesJson = properties === null ? null : JSON.stringify(properties);
    if (propertiesJson && propertiesJson.length > MAX_PROPERTIES_BYTES)
      throw new TimelineInputError(`properties is larger than ${MAX_PROPERTIES_BYTES} bytes`);
    const memberId =
      env.byApplication || typeof input.workspaceMemberId !== 'string' ? null : input.workspaceMemberId;
    const snapshot: Snapshot = {
      name: type.name,
      label: type.label,
      ...(type.icon ? { icon: type.icon } : {}),
    };
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO timeline_activities (id, type_id, type_snapshot, happens_at, properties, target_object,
          target_record_id, linked_record_id, linked_object_metadata_id, workspace_member_id, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        type.id,
        JSON.stringify(snapshot),
        happensAt,
        propertiesJson,
        object.nameSingular,
        targetId,
        linkedId as string | null,
        linkedObjectId as string | null,
        memberId,
        now.toISOString(),
      );
    return this.get(id)!;
  }

  get(id: string): TimelineActivity | null {
    const row = this.db.prepare('SELECT * FROM timeline_activities WHERE id = ?').get(id);
    return row ? toActivity(row) : null;
  }

  /** A record's activities, newest first (ties: the later created first). */
  forRecord(object: string, id: string, limit = 200): TimelineActivity[] {
    return this.db
      .prepare(
        `SELECT * FROM timeline_activities WHERE target_object = ? AND target_record_id = ?
          ORDER BY happens_at DESC, rowid DESC LIMIT ?`,
      )
      .all(object, id, limit)
      .map(toActivity);
  }
}

/**
 * The console's rows, as Twenty's generic row reads (`EventRowGenericLinked.tsx`: "<author> <type label> <live
 * name of the linked record>"): the type's label from its snapshot, the linked record's current name.
 */
export const timelineView = (model: ObjectModel, store: WorkspaceRecords, activities: TimelineActivity[]) =>
  activities.map((activity) => {
    const linkedObject = activity.linkedObjectMetadataId
      ? model.objects.find((object) => object.universalIdentifier === activity.linkedObjectMetadataId)
      : undefined;
    const linked =
      linkedObject && activity.linkedRecordId
        ? store.get(linkedObject.nameSingular, activity.linkedRecordId)
        : null;
    return {
      id: activity.id,
      type: activity.timelineActivityTypeSnapshot.name,
      label: activity.timelineActivityTypeSnapshot.label,
      icon: activity.timelineActivityTypeSnapshot.icon ?? null,
      happensAt: activity.happensAt,
      properties: activity.properties,
      workspaceMemberId: activity.workspaceMemberId,
      linkedRecord:
        linkedObject && activity.linkedRecordId
          ? {
              object: linkedObject.nameSingular,
              id: activity.linkedRecordId,
              name: linked ? displayName(linkedObject, linked) : null,
            }
          : null,
    };
  });
