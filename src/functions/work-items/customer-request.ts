import { AppError } from '../../core/app-error';
import { type CrmRecord, setCustomerNeed } from '../../core/crm';
import { log, type Run } from '../../core/run';
import type { Session } from '../../core/session';
import { ensureLinearCustomerRequest } from '../../providers/linear/linear.work-items';
import type { UpstreamItem } from './linking';

export type CustomerRequestResult =
  | { created: boolean; customerId: string; customerNeedId: string }
  | { skipped: string };

const money = (amount: { amountMicros: number; currencyCode: string }) =>
  `${(amount.amountMicros / 1_000_000).toLocaleString('en-US')} ${amount.currencyCode}`;

/**
 * For a Linear issue about a company (directly, or through a person or opportunity): the company as a Linear
 * Customer and one customer request for it on the issue, with the opportunity's name and amount when it came
 * from one; the request's id is kept on the link. Idempotent (see `ensureLinearCustomerRequest`). It never
 * undoes the link: a refusal (Customers off in Linear, a missing permission) is said in the result instead.
 */
export const linearCustomerRequest =
  (run: Run, session: Session, item: UpstreamItem, record: CrmRecord) =>
  async (linkId: string): Promise<{ customerRequest: CustomerRequestResult }> => {
    if (!record.company)
      return { customerRequest: { skipped: `${record.name} belongs to no company, so no Linear Customer.` } };
    const from = record.opportunity
      ? `Opportunity "${record.opportunity.name}"${record.opportunity.amount ? ` (${money(record.opportunity.amount)})` : ''}`
      : `${record.object === 'person' ? 'Contact' : 'Company'} "${record.name}"`;
    try {
      const made = await ensureLinearCustomerRequest(session, {
        issueId: item.upstreamId,
        company: record.company,
        body: `${from} in Twenty: ${record.url}`,
      });
      await setCustomerNeed(run, linkId, made.customerNeedId);
      return { customerRequest: made };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      log('warn', 'customer request not made', { code: error.code, linkId });
      return { customerRequest: { skipped: `The Linear customer request was not made: ${error.message}` } };
    }
  };
