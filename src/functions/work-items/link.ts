import * as z from 'zod/mini';
import { described, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { openSession } from '../../core/session';
import { recordArgument } from '../../core/tool-args';
import { linearCustomerRequest } from './customer-request';
import { checkPrivacy, recordFor, recordSummary, saveAndLink } from './linking';
import { parseReference, REFERENCE_FORMS } from './references';

/** One input shape for the link-work-item tool and the `POST /work-items/link` route. */
export const linkInput = objectInput({
  reference: described(text(2000), `What to link: ${REFERENCE_FORMS}.`),
  record: recordArgument('The Twenty record the work is about.'),
  shareWithRecord: z.optional(
    described(
      z.boolean(),
      'Needed (true) to link an item that is private upstream through your own "Just for me" connection: its ' +
        'title, status and link become visible to everyone who can see the record. Default false.',
    ),
  ),
  connection: z.optional(
    described(
      z.string(),
      "Name or id of your connection to read the item with. Default: your own connection to the item's provider, else the workspace-shared one.",
    ),
  ),
});

/**
 * Links an existing upstream item to a record. The item is read with the caller's own usable connection, so
 * nobody links what they cannot see: an item their connection cannot read fails with NOT_FOUND and nothing
 * is stored.
 */
export const linkItem = async (input: Parsed<typeof linkInput.shape>, run: Run) => {
  const reference = parseReference(input.reference);
  const record = (await recordFor(run, input.record))!;
  const session = await openSession(run, reference.provider, input.connection);
  const item = await reference.resolve(session);
  const isPrivate = checkPrivacy(session, item, record, input.shareWithRecord ?? false);
  const saved = await saveAndLink(
    run,
    session,
    item,
    record,
    isPrivate,
    item.provider === 'linear' ? linearCustomerRequest(run, session, item, record) : undefined,
  );
  return {
    record: recordSummary(record),
    item: itemSummary(item, isPrivate),
    ...saved,
    connection: session.label,
  };
};

export const itemSummary = (
  item: { provider: string; identifier: string; title: string; url: string; status: string | null } & {
    statusCategory: string | null;
    assignee: string | null;
  },
  isPrivate: boolean,
) => ({
  provider: item.provider,
  identifier: item.identifier,
  title: item.title,
  url: item.url,
  status: item.status,
  statusCategory: item.statusCategory,
  assignee: item.assignee,
  isPrivate,
});
