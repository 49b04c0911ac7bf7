import type { ProviderName } from './index';

/**
 * The work-item shapes of design §2, declared here until `src/core/crm.ts` (which owns them) lands; the same
 * names and fields, so switching the imports to crm.ts changes nothing else.
 */
export type StatusCategory = 'OPEN' | 'IN_PROGRESS' | 'DONE' | 'CANCELED';

export type WorkItemFields = {
  /** Design §2 spells out the three names; the list of providers is written once (test/build/one-list-of-providers). */
  provider: ProviderName;
  upstreamId: string;
  identifier: string;
  title: string;
  url: string;
  status: string | null;
  statusCategory: StatusCategory | null;
  assignee: string | null;
  upstreamUpdatedAt: string | null;
  etag?: string | null;
};
