import * as z from 'zod/mini';
import { AppError } from '../../core/app-error';
import { type RecordRef, readRecord, unlinkWorkItem, workItemsFor } from '../../core/crm';
import { described, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { recordArgument } from '../../core/tool-args';
import { recordSummary } from './linking';

export const unlinkInput = objectInput(
  {
    reference: z.optional(
      described(
        text(2000),
        'The item as list-work-items shows it: identifier (ENG-42, owner/repo#12) or URL.',
      ),
    ),
    workItemId: z.optional(described(text(64), 'Or the workItemId from list-work-items.')),
    record: recordArgument('The Twenty record to unlink the item from.'),
  },
  { check: (input) => (input.reference || input.workItemId ? undefined : 'give reference or workItemId') },
);

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Removes the link between an item and a record; nothing upstream changes. The item itself goes when no
 * record is linked to it any more. A Linear customer request made for the link stays in Linear: it records
 * what the customer asked for.
 */
export const unlinkItem = async (input: Parsed<typeof unlinkInput.shape>, run: Run) => {
  const ref = input.record as RecordRef;
  const record = await readRecord(run, ref);
  const direct = (await workItemsFor(run, ref)).filter(
    (i) => i.via.object === ref.object && i.via.id === ref.id,
  );
  const item = direct.find((i) =>
    input.workItemId
      ? i.id === input.workItemId
      : same(i.identifier, input.reference!) ||
        same(i.url, input.reference!) ||
        same(i.upstreamId, input.reference!),
  );
  if (!item) {
    throw new AppError(
      'NOT_FOUND',
      `No work item "${input.workItemId ?? input.reference}" is linked directly to ${ref.object} "${record.name}". ` +
        'list-work-items shows what is linked (items shown with `via` are linked to another record).',
      { fields: [input.workItemId ? 'workItemId' : 'reference'] },
    );
  }
  const { removed } = await unlinkWorkItem(run, item.id, ref);
  return {
    record: recordSummary(record),
    item: { workItemId: item.id, provider: item.provider, identifier: item.identifier, url: item.url },
    unlinked: removed,
    ...(item.links.find((l) => l.record.object === ref.object && l.record.id === ref.id)?.customerNeedId
      ? { note: 'The Linear customer request made for this link stays in Linear.' }
      : {}),
  };
};
