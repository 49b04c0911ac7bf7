import { AppError } from '../../core/app-error';
import type { ProviderSpec } from '../../core/provider';
import type { Session } from '../../core/session';
import { github } from '../../providers/github/github.provider';
import { parseGitHubReference, resolveGitHubItem } from '../../providers/github/github.work-items';
import { linear } from '../../providers/linear/linear.provider';
import { parseLinearReference, resolveLinearItem } from '../../providers/linear/linear.work-items';
import type { UpstreamItem } from './linking';

export type Reference = {
  provider: ProviderSpec;
  resolve: (session: Session) => Promise<UpstreamItem>;
};

/** The forms `reference` accepts, for the schema and for errors. */
export const REFERENCE_FORMS =
  'a Linear issue URL or identifier (ENG-42), or a GitHub issue or pull request URL or owner/repo#12';

/** Which provider a reference points at, and how to read it there. Nothing is requested yet. */
export const parseReference = (text: string): Reference => {
  const value = text.trim();
  const onGitHub = parseGitHubReference(value);
  if (onGitHub) return { provider: github, resolve: (session) => resolveGitHubItem(session, onGitHub) };
  const onLinear = parseLinearReference(value);
  if (onLinear) return { provider: linear, resolve: (session) => resolveLinearItem(session, onLinear) };
  throw new AppError(
    'INVALID_INPUT',
    `Invalid arguments. reference: not ${REFERENCE_FORMS}. Messages are linked when posted with a record.`,
    { fields: ['reference'] },
  );
};
