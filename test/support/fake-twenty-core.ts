import { randomUUID } from 'node:crypto';
import {
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { HttpResponse, http } from 'msw';
import { STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD } from 'twenty-sdk/define';
import role from '../../src/default-role.ts';
import { IDS } from '../../src/universal-identifiers.ts';

/**
 * Twenty's core (records) GraphQL API at `POST ${TWENTY_API_URL}/graphql`, as far as the app uses it, read
 * from twentyhq/twenty packages/twenty-server:
 * - root fields (src/engine/utils/get-resolver-name.util.ts): `<plural>` find many → `{ edges { node } pageInfo
 *   totalCount }`, `<singular>(filter!)` find one → node or null, `create<Object>(data)`, `update<Object>(id,
 *   data)`, `delete<Object>(id)` = soft delete (sets deletedAt); args from
 *   src/engine/api/graphql/workspace-schema-builder/utils/get-resolver-args.util.ts;
 * - soft-deleted rows are left out of reads;
 * - filters `{ field: { eq | neq | in | is } }`, `and`, `or` (workspace-schema-builder/utils/
 *   create-gql-enum-filter-type.util.ts and the UUID/String filter inputs);
 * - permissions (src/engine/twenty-orm/repository/permissions.utils.ts): select needs read, insert and update
 *   need update, soft delete needs soft delete, per object, also for relations read through a record; a denial
 *   is `{ message: 'User does not have permission', extensions: { code: 'FORBIDDEN' } }` (permissions.exception.ts,
 *   permission-graphql-api-exception-handler.util.ts, core-modules/graphql/utils/graphql-errors.util.ts);
 * - update/delete of a missing record: `NOT_FOUND` (graphql-query-runner-exception-handler.util.ts).
 * The app role enforced is the app's own `src/default-role.ts`, so a missing permission fails here as in Twenty.
 */

type Row = Record<string, unknown> & { id: string; deletedAt: string | null };
export type CoreObject = 'company' | 'person' | 'opportunity' | 'workItem' | 'workItemLink';
type Permission = 'read' | 'update' | 'softDelete';
type GqlError = { message: string; extensions: { code: string } };

const PLURAL: Record<CoreObject, string> = {
  company: 'companies',
  person: 'people',
  opportunity: 'opportunities',
  workItem: 'workItems',
  workItemLink: 'workItemLinks',
};
const OBJECT_IDS: Record<string, CoreObject> = {
  [STANDARD.company.universalIdentifier]: 'company',
  [STANDARD.person.universalIdentifier]: 'person',
  [STANDARD.opportunity.universalIdentifier]: 'opportunity',
  [IDS.objects.workItem]: 'workItem',
  [IDS.objects.workItemLink]: 'workItemLink',
};
/** MANY_TO_ONE relations: field → target object, joined on `<field>Id`. */
const TO_ONE: Record<string, CoreObject> = {
  company: 'company',
  person: 'person',
  opportunity: 'opportunity',
  workItem: 'workItem',
};
/** ONE_TO_MANY relations: object.field → [target object, its join column]. */
const TO_MANY: Partial<Record<CoreObject, Record<string, [CoreObject, string]>>> = {
  company: {
    people: ['person', 'companyId'],
    opportunities: ['opportunity', 'companyId'],
    workItemLinks: ['workItemLink', 'companyId'],
  },
  person: { workItemLinks: ['workItemLink', 'personId'] },
  opportunity: { workItemLinks: ['workItemLink', 'opportunityId'] },
  workItem: { links: ['workItemLink', 'workItemId'] },
};

class CoreError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
const denied = () => new CoreError('User does not have permission', 'FORBIDDEN');

const matches = (row: Row, filter: Record<string, unknown> | undefined): boolean => {
  if (!filter) return true;
  return Object.entries(filter).every(([key, condition]) => {
    if (key === 'and') return (condition as Record<string, unknown>[]).every((f) => matches(row, f));
    if (key === 'or') return (condition as Record<string, unknown>[]).some((f) => matches(row, f));
    if (key === 'not') return !matches(row, condition as Record<string, unknown>);
    const value = row[key] ?? null;
    return Object.entries(condition as Record<string, unknown>).every(([op, operand]) => {
      if (op === 'eq') return value === operand;
      if (op === 'neq') return value !== operand;
      if (op === 'in') return (operand as unknown[]).includes(value);
      if (op === 'is') return operand === 'NULL' ? value === null : value !== null;
      throw new CoreError(`Unsupported filter operator ${op}`, 'BAD_USER_INPUT');
    });
  });
};

export type FakeCore = {
  rows: Record<CoreObject, Row[]>;
  /** Every GraphQL document the app sent, with its variables. */
  documents: { query: string; variables: Record<string, unknown> }[];
  /** Adds a standard or app record; returns its id. */
  insert(object: CoreObject, fields: Record<string, unknown>): string;
  /** Live (not soft-deleted) rows of an object. */
  live(object: CoreObject): Row[];
  /** Takes a permission away from the app role for this test. */
  revoke(object: CoreObject, permission: Permission): void;
  reset(): void;
  handler(apiUrl: string, token: string, problems: string[]): ReturnType<typeof http.post>;
};

export const createFakeCore = (): FakeCore => {
  let permissions = new Map<CoreObject, Set<Permission>>();
  const rolePermissions = () => {
    permissions = new Map();
    for (const p of role.config.objectPermissions ?? []) {
      const object = OBJECT_IDS[p.objectUniversalIdentifier];
      if (!object) continue;
      const granted = new Set<Permission>();
      if (p.canReadObjectRecords) granted.add('read');
      if (p.canUpdateObjectRecords) granted.add('update');
      if (p.canSoftDeleteObjectRecords) granted.add('softDelete');
      permissions.set(object, granted);
    }
  };
  const allow = (object: CoreObject, permission: Permission) => {
    if (!permissions.get(object)?.has(permission)) throw denied();
  };

  const core: FakeCore = {
    rows: { company: [], person: [], opportunity: [], workItem: [], workItemLink: [] },
    documents: [],
    insert(object, fields) {
      const row: Row = { id: randomUUID(), createdAt: new Date().toISOString(), deletedAt: null, ...fields };
      core.rows[object].push(row);
      return row.id;
    },
    live: (object) => core.rows[object].filter((r) => r.deletedAt === null),
    revoke: (object, permission) => permissions.get(object)?.delete(permission),
    reset() {
      for (const object of Object.keys(core.rows) as CoreObject[]) core.rows[object].length = 0;
      core.documents.length = 0;
      rolePermissions();
    },
    handler: (apiUrl, token, problems) =>
      http.post(`${apiUrl}/graphql`, async ({ request }) => {
        if (request.headers.get('authorization') !== `Bearer ${token}`) {
          problems.push('core GraphQL request sent without the application access token');
          return HttpResponse.json(
            { errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] },
            { status: 401 },
          );
        }
        const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
        const variables = body.variables ?? {};
        core.documents.push({ query: body.query, variables: structuredClone(variables) });
        try {
          const operation = parse(body.query).definitions[0] as OperationDefinitionNode;
          const data: Record<string, unknown> = {};
          for (const field of operation.selectionSet.selections as FieldNode[])
            data[field.alias?.value ?? field.name.value] = resolveRoot(field, variables);
          return HttpResponse.json({ data });
        } catch (error) {
          if (!(error instanceof CoreError)) throw error;
          const errors: GqlError[] = [{ message: error.message, extensions: { code: error.code } }];
          return HttpResponse.json({ errors, data: null });
        }
      }),
  };

  const rowById = (object: CoreObject, id: unknown) =>
    core.rows[object].find((r) => r.id === id && r.deletedAt === null);

  const project = (object: CoreObject, row: Row, selection: SelectionSetNode | undefined): unknown => {
    if (!selection) return row;
    const out: Record<string, unknown> = {};
    for (const node of selection.selections as FieldNode[]) {
      const name = node.name.value;
      const many = TO_MANY[object]?.[name];
      if (many) {
        const [target, column] = many;
        allow(target, 'read');
        const rows = core.live(target).filter((r) => r[column] === row.id);
        out[name] = connection(target, rows, node.selectionSet);
      } else if (TO_ONE[name] && `${name}Id` in row) {
        const target = TO_ONE[name]!;
        allow(target, 'read');
        const related = rowById(target, row[`${name}Id`]);
        out[name] = related ? project(target, related, node.selectionSet) : null;
      } else {
        const value = row[name] ?? null;
        out[name] =
          value && typeof value === 'object' && node.selectionSet
            ? Object.fromEntries(
                (node.selectionSet.selections as FieldNode[]).map((s) => [
                  s.name.value,
                  (value as Record<string, unknown>)[s.name.value] ?? null,
                ]),
              )
            : value;
      }
    }
    return out;
  };

  const connection = (object: CoreObject, rows: Row[], selection: SelectionSetNode | undefined) => {
    const edges = selection?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === 'edges') as
      | FieldNode
      | undefined;
    const nodeSelection = (edges?.selectionSet?.selections[0] as FieldNode | undefined)?.selectionSet;
    return {
      edges: rows.map((row) => ({ node: project(object, row, nodeSelection) })),
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: rows.length,
    };
  };

  const resolveRoot = (field: FieldNode, variables: Record<string, unknown>): unknown => {
    const name = field.name.value;
    const args = Object.fromEntries(
      (field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]),
    ) as Record<string, unknown>;
    const objects = Object.keys(PLURAL) as CoreObject[];
    const pascal = (o: string) => o[0]!.toUpperCase() + o.slice(1);
    const many = objects.find((o) => PLURAL[o] === name);
    if (many) {
      allow(many, 'read');
      const rows = core.live(many).filter((r) => matches(r, args.filter as Record<string, unknown>));
      return connection(many, rows.slice(0, (args.first as number | undefined) ?? 60), field.selectionSet);
    }
    const one = objects.find((o) => o === name);
    if (one) {
      allow(one, 'read');
      const row = core.live(one).find((r) => matches(r, args.filter as Record<string, unknown>));
      return row ? project(one, row, field.selectionSet) : null;
    }
    const [, verb, objectName] = /^(create|update|delete)(.+)$/.exec(name) ?? [];
    const object = objects.find((o) => pascal(o) === objectName);
    if (!verb || !object)
      throw new CoreError(`Cannot query field "${name}" on type "Query".`, 'GRAPHQL_VALIDATION_FAILED');
    if (verb === 'create') {
      allow(object, 'update');
      const id = core.insert(object, {
        ...(object === 'workItem' ? { isPrivate: false } : {}),
        ...(args.data as object),
      });
      return project(object, rowById(object, id)!, field.selectionSet);
    }
    const row = rowById(object, args.id);
    allow(object, verb === 'update' ? 'update' : 'softDelete');
    if (!row) throw new CoreError('Record not found', 'NOT_FOUND');
    if (verb === 'update') Object.assign(row, args.data as object, { updatedAt: new Date().toISOString() });
    else row.deletedAt = new Date().toISOString();
    return project(object, row, field.selectionSet);
  };

  core.reset();
  return core;
};
