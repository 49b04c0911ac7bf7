import { randomUUID } from 'node:crypto';
import { WORKSPACE_ID } from '../storage/members.ts';

type Row = Record<string, unknown>;

/** Twenty's per-field diff of a record update: only fields whose value changed. */
export const diffRecords = (before: Row | null, after: Row | null) => {
  const diff: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const was = before?.[key] ?? null;
    const now = after?.[key] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) diff[key] = { before: was, after: now };
  }
  return { diff, updatedFields: Object.keys(diff) };
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The payload Twenty hands a database-event function: `{ name, workspaceId, objectMetadata, recordId, properties }`. */
export const databaseEventPayload = (options: {
  eventName: string;
  recordId?: string;
  namePlural?: string | undefined;
  before: Row | null;
  after: Row | null;
}) => {
  const [object = 'record', action = 'updated'] = options.eventName.split('.');
  const { diff, updatedFields } = diffRecords(options.before, options.after);
  const properties =
    action === 'updated'
      ? { before: options.before, after: options.after, diff, updatedFields }
      : action === 'created'
        ? { after: options.after }
        : { before: options.before };
  return {
    name: options.eventName,
    workspaceId: WORKSPACE_ID,
    objectMetadata: {
      nameSingular: object,
      namePlural: options.namePlural ?? `${object}s`,
      labelSingular: capitalise(object),
      labelPlural: `${capitalise(object)}s`,
    },
    recordId: options.recordId ?? randomUUID(),
    properties,
  };
};

/** Whether a trigger `{ eventName, updatedFields? }` fires for this event (`*` matches any object or action). */
export const triggerMatches = (
  settings: { eventName: string; updatedFields?: string[] },
  eventName: string,
  updatedFields: string[],
): boolean => {
  const [wantObject, wantAction] = settings.eventName.split('.');
  const [object, action] = eventName.split('.');
  if ((wantObject !== '*' && wantObject !== object) || (wantAction !== '*' && wantAction !== action))
    return false;
  if (action !== 'updated' || !settings.updatedFields?.length) return true;
  return settings.updatedFields.some((field) => updatedFields.includes(field));
};
