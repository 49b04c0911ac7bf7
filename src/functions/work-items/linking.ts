import { AppError } from '../../core/app-error';
import {
  type CrmRecord,
  linkWorkItem,
  type RecordRef,
  readRecord,
  saveWorkItem,
  setCustomerNeed,
  type WorkItemFields,
} from '../../core/crm';
import { log, type Run } from '../../core/run';
import type { Session } from '../../core/session';
import type { RecordArgument } from '../../core/tool-args';
import { ensureLinearCustomerRequest } from '../../providers/linear/linear.work-items';

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

export type CustomerRequestResult =
  | { created: boolean; customerId: string; customerNeedId: string }
  | { skipped: string };

/**
 * Saves the item (one per upstream item), links it to the record (one link per record) and, for a Linear
 * issue about a company, makes sure the company is a Linear Customer with a customer request on the issue.
 * A failed customer request does not undo the link: the result says what happened and what to do.
 */
export const saveAndLink = async (
  run: Run,
  session: Session,
  item: UpstreamItem,
  record: CrmRecord,
  isPrivate: boolean,
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
  let customerRequest: CustomerRequestResult | undefined;
  if (item.provider === 'linear') {
    customerRequest = await customerRequestFor(session, item, record, link.id);
    if ('customerNeedId' in customerRequest) {
      await setCustomerNeed(run, link.id, customerRequest.customerNeedId);
    }
  }
  return {
    workItemId: saved.id,
    linked: link.created ? 'linked' : 'was already linked',
    visibility: visibilityNote(record, isPrivate),
    ...(customerRequest ? { customerRequest } : {}),
  };
};

const money = (amount: { amountMicros: number; currencyCode: string }) =>
  `${(amount.amountMicros / 1_000_000).toLocaleString('en-US')} ${amount.currencyCode}`;

const customerRequestFor = async (
  session: Session,
  item: UpstreamItem,
  record: CrmRecord,
  linkId: string,
): Promise<CustomerRequestResult> => {
  if (!record.company) return { skipped: `${record.name} belongs to no company, so no Linear Customer.` };
  const from = record.opportunity
    ? `Opportunity "${record.opportunity.name}"${record.opportunity.amount ? ` (${money(record.opportunity.amount)})` : ''}`
    : `${record.object === 'person' ? 'Contact' : 'Company'} "${record.name}"`;
  try {
    return await ensureLinearCustomerRequest(session, {
      issueId: item.upstreamId,
      company: record.company,
      body: `${from} in Twenty: ${record.url}`,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    log('warn', 'customer request not made', { code: error.code, linkId });
    return { skipped: `The Linear customer request was not made: ${error.message}` };
  }
};

/** Reads the record first, so a wrong id fails before anything is created upstream. */
export const recordFor = (run: Run, record: RecordArgument | undefined): Promise<CrmRecord | null> =>
  record ? readRecord(run, record as RecordRef) : Promise.resolve(null);
