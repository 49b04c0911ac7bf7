import { AppError } from '../../core/app-error';
import {
  type CrmRecord,
  linkWorkItem,
  type RecordRef,
  readRecord,
  saveWorkItem,
  type WorkItemFields,
} from '../../core/crm';
import type { Run } from '../../core/run';
import type { Session } from '../../core/session';
import type { RecordArgument } from '../../core/tool-args';
import { writeTimeline } from '../events/timeline';

export type UpstreamItem = WorkItemFields & { restricted: boolean };

/** How results name a record, so the AI can tell the member where the work now shows. */
export const recordSummary = (record: CrmRecord) => ({
  object: record.object,
  id: record.id,
  name: record.name,
  url: record.url,
});

/** A Markdown line pointing back at the record, for an issue body (Linear and GitHub render it). */
export const markdownBacklink = (record: CrmRecord): string =>
  `\n\n---\nFrom Twenty: [${record.name.replace(/[\\[\]]/g, '\\$&')}](${record.url})`;

/**
 * The privacy rule. An item the member reached through their own "Just for me" connection, from a source not
 * everyone upstream sees (a private Linear team, a private GitHub repository, a private Slack channel), becomes
 * CRM data that everyone who can see the record sees. Linking it takes `shareWithRecord: true`; items made on
 * purpose from the record (create with `record`) count as that consent. Workspace-shared connections already
 * act for the whole workspace.
 */
export const checkPrivacy = (
  session: Session,
  item: UpstreamItem,
  record: CrmRecord,
  shareWithRecord: boolean,
): boolean => {
  const isPrivate = item.restricted && session.connection.visibility === 'user';
  if (isPrivate && !shareWithRecord) {
    throw new AppError(
      'FORBIDDEN',
      `${item.identifier} is private in ${session.provider.displayName} (only some people there can see it). ` +
        `Linking it stores its title, status, assignee and link on ${record.object} "${record.name}", where ` +
        'everyone who can see that record in Twenty sees them. Nothing was stored. If that is intended, call ' +
        'again with shareWithRecord: true.',
      { fields: ['shareWithRecord'] },
    );
  }
  return isPrivate;
};

/** Who sees what once an item is linked: said in every result that stores one. */
export const visibilityNote = (record: CrmRecord, isPrivate: boolean): string =>
  isPrivate
    ? `This item is private upstream; its title, status, assignee and link are now visible to everyone who can see "${record.name}" in Twenty.`
    : `Everyone who can see "${record.name}" in Twenty sees this item's title, status, assignee and link.`;

/**
 * Saves the item (one per upstream item) and links it to the record (one link per record). `afterLink` runs
 * once the link exists (the Linear customer request): what it returns joins the result.
 */
export const saveAndLink = async <E extends object = object>(
  run: Run,
  session: Session,
  item: UpstreamItem,
  record: CrmRecord,
  isPrivate: boolean,
  afterLink?: (linkId: string) => Promise<E>,
) => {
  const { restricted: _, ...fields } = item;
  const saved = await saveWorkItem(run, {
    ...fields,
    connectionId: session.connection.id,
    connectionName: session.connection.name,
    isPrivate,
  });
  const by = run.context?.workspaceMemberId ?? null;
  const link = await linkWorkItem(run, saved.id, record, by);
  // "linked" on the record's timeline, once: only when this call made the link.
  if (link.created)
    await writeTimeline(run, { ...fields, id: saved.id, links: [{ record }] }, 'workItemLinked', {
      actor: null,
      to: record.name,
      linkedByWorkspaceMemberId: by,
    });
  return {
    workItemId: saved.id,
    linked: link.created ? 'linked' : 'was already linked',
    visibility: visibilityNote(record, isPrivate),
    ...((afterLink ? await afterLink(link.id) : {}) as E),
  };
};

/** Reads the record first, so a wrong id fails before anything is created upstream. */
export const recordFor = (run: Run, record: RecordArgument | undefined): Promise<CrmRecord | null> =>
  record ? readRecord(run, record as RecordRef) : Promise.resolve(null);
