import * as z from 'zod/mini';
import { described, integer } from './input';
import type { ProviderSpec } from './provider';

/** The optional `connection` argument every tool and route takes to pick among the caller's connections. */
export const connectionArgument = (provider: ProviderSpec) =>
  z.optional(
    described(
      z.string(),
      `Name or id of the ${provider.displayName} connection to use, when the member has several (see ` +
        `connections-status). Default: the member's own ${provider.displayName} connection, else the workspace-shared one.`,
    ),
  );

/** How many results a list or search returns. */
export const limitArgument = (max: number, fallback: number) =>
  z.optional(described(integer(1, max), `Maximum results, 1-${max}. Default ${fallback}.`));
