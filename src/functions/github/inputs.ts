import * as z from 'zod/mini';
import { described } from '../../core/input';
import { connectionArgument } from '../../core/tool-args';
import { github } from '../../providers/github/github.provider';

/** GitHub owner and repository names: letters, digits, `-`, `_`, `.` (never `..`, which GitHub reserves). */
const REPOSITORY = /^[A-Za-z0-9-]+\/(?!\.\.?$)[A-Za-z0-9._-]+$/;

export const repositoryArgument = described(
  z.string().check(z.refine((value) => REPOSITORY.test(value), 'must be "owner/name", e.g. acme/website')),
  'Repository as "owner/name", e.g. acme/website. See github-list-repositories.',
);
export const githubConnection = connectionArgument(github);
