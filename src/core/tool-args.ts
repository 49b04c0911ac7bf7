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

const RECORD_OBJECTS = ['company', 'person', 'opportunity'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Twenty record the work is about: `{ object: "company" | "person" | "opportunity", id }`. */
export type RecordArgument = { object: (typeof RECORD_OBJECTS)[number]; id: string };

const isRecordArgument = (value: unknown): value is RecordArgument => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { object, id, ...rest } = value as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    RECORD_OBJECTS.includes(object as RecordArgument['object']) &&
    typeof id === 'string' &&
    UUID.test(id)
  );
};

/** The Twenty record argument of the record-aware tools; `what` says what happens to it. */
export const recordArgument = (what: string) =>
  described(
    z.custom<RecordArgument>(
      isRecordArgument,
      'must be { "object": "company" | "person" | "opportunity", "id": "<record uuid>" }',
    ),
    what,
    {
      type: 'object',
      properties: {
        object: { type: 'string', enum: [...RECORD_OBJECTS], description: 'The Twenty object.' },
        id: { type: 'string', description: "The record's id in Twenty (a UUID)." },
      },
      required: ['object', 'id'],
      additionalProperties: false,
    },
  );
