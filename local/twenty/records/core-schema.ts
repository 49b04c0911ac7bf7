import type {
  GraphQLFieldConfigMap,
  GraphQLInputFieldConfigMap,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLSchema,
} from 'graphql';
import { graphql } from '../metadata/metadata-graphql.ts';
import {
  type FieldDef,
  joinColumn,
  type ObjectDef,
  type ObjectModel,
  type Operation,
  type Permissions,
} from './object-model.ts';
import { compareRecords, matchesFilter, mentionsDeletedAt, type OrderBy } from './record-filter.ts';
import type { StoredRecord, WorkspaceRecords } from './record-store.ts';

const {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema: Schema,
  GraphQLString,
} = graphql;

/** A change the API made, for the database-event triggers. */
export type RecordEvent = {
  eventName: string;
  namePlural: string;
  recordId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
export type CoreContext = { permissions: Permissions; events: RecordEvent[] };

// Twenty: `QUERY_DEFAULT_LIMIT_RECORDS` 60, `QUERY_MAX_RECORDS` 200 (twenty-shared constants); a larger `first`
// is capped here.
const DEFAULT_FIRST = 60;
const MAX_FIRST = 200;

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * Errors as Twenty's GraphQL layer sends them (twenty-server `src/engine/core-modules/graphql/utils/graphql-errors.util.ts`).
 * Permission denied: `PermissionsException(PERMISSION_DENIED, 'User does not have permission')` thrown by
 * `src/engine/twenty-orm/repository/permissions.utils.ts` and turned into `ForbiddenError` (code FORBIDDEN) by
 * `src/engine/metadata-modules/permissions/utils/permission-graphql-api-exception-handler.util.ts`.
 */
const forbidden = () =>
  new GraphQLError('User does not have permission', { extensions: { code: 'FORBIDDEN' } });
const notFound = () => new GraphQLError('Record not found', { extensions: { code: 'NOT_FOUND' } });
const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

const need = (ctx: CoreContext, object: ObjectDef, operation: Operation) => {
  if (!ctx.permissions(object, operation)) throw forbidden();
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID = new GraphQLScalarType({
  name: 'UUID',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value))
      throw badInput(`Invalid UUID: ${String(value).slice(0, 60)}`);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== 'StringValue' || !UUID_PATTERN.test(ast.value)) throw badInput('Invalid UUID');
    return ast.value;
  },
});
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw badInput('Invalid DateTime');
    return new Date(value).toISOString();
  },
  parseLiteral: (ast) => {
    if (ast.kind !== 'StringValue' || Number.isNaN(Date.parse(ast.value))) throw badInput('Invalid DateTime');
    return new Date(ast.value).toISOString();
  },
});
/** Twenty's BigFloat (amountMicros): a number or a numeric string in, a number out. */
const BigFloat = new GraphQLScalarType({
  name: 'BigFloat',
  serialize: (value) => Number(value),
  parseValue: (value) => {
    const number = Number(value);
    if ((typeof value !== 'number' && typeof value !== 'string') || !Number.isFinite(number))
      throw badInput('Invalid BigFloat');
    return number;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== 'IntValue' && ast.kind !== 'FloatValue' && ast.kind !== 'StringValue')
      throw badInput('Invalid BigFloat');
    return Number(ast.value);
  },
});
const literalValue = (ast: import('graphql').ValueNode): unknown => graphql.valueFromASTUntyped(ast);
const RawJson = new GraphQLScalarType({
  name: 'RawJSONScalar',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});

const OrderByDirection = new GraphQLEnumType({
  name: 'OrderByDirection',
  values: { AscNullsFirst: {}, AscNullsLast: {}, DescNullsFirst: {}, DescNullsLast: {} },
});
const FilterIs = new GraphQLEnumType({ name: 'FilterIs', values: { NULL: {}, NOT_NULL: {} } });

const scalarFilter = (name: string, type: GraphQLInputType, ops: string[]) =>
  new GraphQLInputObjectType({
    name,
    fields: () => {
      const fields: GraphQLInputFieldConfigMap = {};
      for (const op of ops)
        fields[op] = { type: op === 'in' ? new GraphQLList(new GraphQLNonNull(type)) : type };
      fields.is = { type: FilterIs };
      return fields;
    },
  });
const COMPARE = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte'];
const FILTERS = {
  UUID: scalarFilter('UUIDFilter', UUID, ['eq', 'neq', 'in']),
  String: scalarFilter('StringFilter', GraphQLString, ['eq', 'neq', 'in', 'like', 'ilike', 'startsWith']),
  Float: scalarFilter('FloatFilter', GraphQLFloat, COMPARE),
  BigFloat: scalarFilter('BigFloatFilter', BigFloat, COMPARE),
  Boolean: scalarFilter('BooleanFilter', GraphQLBoolean, ['eq']),
  DateTime: scalarFilter('DateFilter', DateTime, COMPARE),
  RawJson: scalarFilter('RawJsonFilter', RawJson, ['eq', 'like']),
};

/** Twenty's composite field types (twenty-shared `compositeTypeDefinitions`): sub-fields and their scalars. */
const COMPOSITES: Record<
  string,
  { name: string; fields: Record<string, 'String' | 'BigFloat' | 'RawJson'> }
> = {
  LINKS: {
    name: 'Links',
    fields: { primaryLinkUrl: 'String', primaryLinkLabel: 'String', secondaryLinks: 'RawJson' },
  },
  EMAILS: { name: 'Emails', fields: { primaryEmail: 'String', additionalEmails: 'RawJson' } },
  FULL_NAME: { name: 'FullName', fields: { firstName: 'String', lastName: 'String' } },
  CURRENCY: { name: 'Currency', fields: { amountMicros: 'BigFloat', currencyCode: 'String' } },
};
const SCALARS = { String: GraphQLString, BigFloat, RawJson };

const compositeTypes = Object.fromEntries(
  Object.entries(COMPOSITES).map(([key, { name, fields }]) => {
    const sub = () =>
      Object.fromEntries(Object.entries(fields).map(([field, scalar]) => [field, { type: SCALARS[scalar] }]));
    return [
      key,
      {
        output: new GraphQLObjectType({ name, fields: sub() }),
        create: new GraphQLInputObjectType({ name: `${name}CreateInput`, fields: sub() }),
        update: new GraphQLInputObjectType({ name: `${name}UpdateInput`, fields: sub() }),
        filter: new GraphQLInputObjectType({
          name: `${name}Filter`,
          fields: Object.fromEntries(
            Object.entries(fields).map(([field, scalar]) => [field, { type: FILTERS[scalar] }]),
          ),
        }),
        orderBy: new GraphQLInputObjectType({
          name: `${name}OrderByInput`,
          fields: Object.fromEntries(Object.keys(fields).map((field) => [field, { type: OrderByDirection }])),
        }),
        empty: Object.fromEntries(
          Object.entries(fields).map(([field, scalar]) => [field, scalar === 'RawJson' ? [] : null]),
        ),
      },
    ];
  }),
);

const PageInfo = new GraphQLObjectType({
  name: 'PageInfo',
  fields: {
    hasNextPage: { type: GraphQLBoolean },
    hasPreviousPage: { type: GraphQLBoolean },
    startCursor: { type: GraphQLString },
    endCursor: { type: GraphQLString },
  },
});

const cursorOf = (id: string) => Buffer.from(JSON.stringify({ id })).toString('base64');
const idOfCursor = (cursor: string): string | null => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : null;
  } catch {
    return null;
  }
};

type ListArgs = {
  filter?: Record<string, unknown> | null;
  orderBy?: OrderBy[] | null;
  first?: number | null;
  after?: string | null;
};

/**
 * Twenty's core GraphQL schema for an object set: for each object `companies(filter, orderBy, first, after)` →
 * `CompanyConnection { edges { node cursor } pageInfo totalCount }`, `company(filter)`, `createCompany(data)`,
 * `createCompanies(data)`, `updateCompany(id, data)`, `deleteCompany(id)` (soft delete), `destroyCompany(id)`,
 * `restoreCompany(id)`; input types `CompanyFilterInput`, `CompanyOrderByInput`, `CompanyCreateInput`,
 * `CompanyUpdateInput` and SELECT enums `<Object><Field>Enum` as Twenty names them (twenty-server
 * `src/engine/api/graphql/workspace-schema-builder/utils/compute-stored-gql-type-key-utils/
 * compute-object-metadata-input-type.util.ts`, `compute-enum-field-gql-type-key.util.ts`; resolvers in
 * `src/engine/api/graphql/workspace-resolver-builder/`).
 */
export const createCoreSchema = (model: ObjectModel, store: WorkspaceRecords): GraphQLSchema => {
  // biome-ignore lint/suspicious/noExplicitAny: output types carry record and context types of their own
  const outputs = new Map<string, InstanceType<typeof GraphQLObjectType<any, any>>>();
  const connections = new Map<string, InstanceType<typeof GraphQLObjectType>>();
  const filters = new Map<string, InstanceType<typeof GraphQLInputObjectType>>();
  const orderBys = new Map<string, InstanceType<typeof GraphQLInputObjectType>>();
  const enums = new Map<string, InstanceType<typeof GraphQLEnumType>>();
  const objectOf = (name: string) => model.byName.get(name)!;

  const enumOf = (object: ObjectDef, field: FieldDef) => {
    const key = `${pascal(object.nameSingular)}${pascal(field.name)}Enum`;
    let type = enums.get(key);
    if (!type) {
      const values = Object.fromEntries(
        (field.options ?? []).filter((v) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(v)).map((v) => [v, {}]),
      );
      type = new GraphQLEnumType({ name: key, values: Object.keys(values).length ? values : { NONE: {} } });
      enums.set(key, type);
    }
    return type;
  };
  const scalarOf = (object: ObjectDef, field: FieldDef): GraphQLOutputType & GraphQLInputType => {
    switch (field.type) {
      case 'UUID':
        return UUID;
      case 'NUMBER':
      case 'POSITION':
        return GraphQLFloat;
      case 'BOOLEAN':
        return GraphQLBoolean;
      case 'DATE_TIME':
      case 'DATE':
        return DateTime;
      case 'SELECT':
        return enumOf(object, field);
      case 'RAW_JSON':
        return RawJson;
      default:
        return GraphQLString;
    }
  };
  const filterOf = (object: ObjectDef, field: FieldDef) => {
    switch (field.type) {
      case 'UUID':
        return FILTERS.UUID;
      case 'NUMBER':
      case 'POSITION':
        return FILTERS.Float;
      case 'BOOLEAN':
        return FILTERS.Boolean;
      case 'DATE_TIME':
      case 'DATE':
        return FILTERS.DateTime;
      case 'RAW_JSON':
        return FILTERS.RawJson;
      case 'SELECT': {
        const values = enumOf(object, field);
        return new GraphQLInputObjectType({
          name: `${values.name}Filter`,
          fields: {
            eq: { type: values },
            neq: { type: values },
            in: { type: new GraphQLList(values) },
            is: { type: FilterIs },
          },
        });
      }
      default:
        return FILTERS.String;
    }
  };

  const visible = (record: StoredRecord | null) => (record && record.deletedAt === null ? record : null);

  const list = (
    ctx: CoreContext,
    object: ObjectDef,
    args: ListArgs,
    scope?: (record: StoredRecord) => boolean,
  ) => {
    need(ctx, object, 'read');
    const withDeleted = args.filter ? mentionsDeletedAt(args.filter) : false;
    let rows = store
      .all(object.nameSingular)
      .filter((r) => (withDeleted || r.deletedAt === null) && (!scope || scope(r)))
      .filter((r) => !args.filter || matchesFilter(model, object, r, args.filter));
    if (args.orderBy?.length) rows = [...rows].sort((a, b) => compareRecords(object, a, b, args.orderBy!));
    const totalCount = rows.length;
    if (args.after) {
      const id = idOfCursor(args.after);
      const at = rows.findIndex((r) => r.id === id);
      rows = at === -1 ? [] : rows.slice(at + 1);
    }
    const first = Math.min(Math.max(args.first ?? DEFAULT_FIRST, 0), MAX_FIRST);
    const page = rows.slice(0, first);
    return {
      edges: page.map((node) => ({ node, cursor: cursorOf(node.id) })),
      pageInfo: {
        hasNextPage: rows.length > page.length,
        hasPreviousPage: Boolean(args.after),
        startCursor: page[0] ? cursorOf(page[0].id) : null,
        endCursor: page.at(-1) ? cursorOf(page.at(-1)!.id) : null,
      },
      totalCount,
    };
  };

  const outputOf = (object: ObjectDef) => {
    const known = outputs.get(object.nameSingular);
    if (known) return known;
    const type = new GraphQLObjectType<StoredRecord, CoreContext>({
      name: pascal(object.nameSingular),
      fields: () => {
        const fields: GraphQLFieldConfigMap<StoredRecord, CoreContext> = {};
        for (const field of object.fields) {
          const composite = compositeTypes[field.type];
          if (composite) {
            fields[field.name] = {
              type: composite.output,
              resolve: (record) => ({ ...composite.empty, ...((record[field.name] as object | null) ?? {}) }),
            };
          } else if (field.relation?.type === 'MANY_TO_ONE') {
            const target = objectOf(field.relation.target);
            fields[joinColumn(field)] = {
              type: UUID,
              resolve: (record) => record[joinColumn(field)] ?? null,
            };
            fields[field.name] = {
              type: outputOf(target),
              resolve: (record, _args, ctx) => {
                need(ctx, target, 'read');
                const id = record[joinColumn(field)];
                return typeof id === 'string' ? visible(store.get(target.nameSingular, id)) : null;
              },
            };
          } else if (field.relation?.type === 'ONE_TO_MANY') {
            const target = objectOf(field.relation.target);
            const inverse = target.fields.find((f) => f.name === field.relation?.inverse);
            fields[field.name] = {
              type: connectionOf(target),
              args: listArgs(target),
              resolve: (record, args: ListArgs, ctx) =>
                list(ctx, target, args, (r) => inverse !== undefined && r[joinColumn(inverse)] === record.id),
            };
          } else {
            fields[field.name] = {
              type: scalarOf(object, field),
              resolve: (record) => record[field.name] ?? null,
            };
          }
        }
        return fields;
      },
    });
    outputs.set(object.nameSingular, type);
    return type;
  };

  const connectionOf = (object: ObjectDef) => {
    const known = connections.get(object.nameSingular);
    if (known) return known;
    const name = pascal(object.nameSingular);
    const edge = new GraphQLObjectType({
      name: `${name}Edge`,
      fields: () => ({
        node: { type: new GraphQLNonNull(outputOf(object)) },
        cursor: { type: new GraphQLNonNull(GraphQLString) },
      }),
    });
    const type = new GraphQLObjectType({
      name: `${name}Connection`,
      fields: () => ({
        edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))) },
        pageInfo: { type: new GraphQLNonNull(PageInfo) },
        totalCount: { type: GraphQLInt },
      }),
    });
    connections.set(object.nameSingular, type);
    return type;
  };

  const filterInputOf = (object: ObjectDef): InstanceType<typeof GraphQLInputObjectType> => {
    const type = filters.get(object.nameSingular);
    if (type) return type;
    const created: InstanceType<typeof GraphQLInputObjectType> = new GraphQLInputObjectType({
      name: `${pascal(object.nameSingular)}FilterInput`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {};
        for (const field of object.fields) {
          if (field.relation?.type === 'MANY_TO_ONE') fields[joinColumn(field)] = { type: FILTERS.UUID };
          else if (field.relation) continue;
          else fields[field.name] = { type: compositeTypes[field.type]?.filter ?? filterOf(object, field) };
        }
        fields.and = { type: new GraphQLList(created) };
        fields.or = { type: new GraphQLList(created) };
        fields.not = { type: created };
        return fields;
      },
    });
    filters.set(object.nameSingular, created);
    return created;
  };

  const orderByOf = (object: ObjectDef) => {
    let type = orderBys.get(object.nameSingular);
    if (type) return type;
    type = new GraphQLInputObjectType({
      name: `${pascal(object.nameSingular)}OrderByInput`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {};
        for (const field of object.fields) {
          if (field.relation?.type === 'MANY_TO_ONE') fields[joinColumn(field)] = { type: OrderByDirection };
          else if (!field.relation)
            fields[field.name] = { type: compositeTypes[field.type]?.orderBy ?? OrderByDirection };
        }
        return fields;
      },
    });
    orderBys.set(object.nameSingular, type);
    return type;
  };

  const listArgs = (object: ObjectDef) => ({
    filter: { type: filterInputOf(object) },
    orderBy: { type: new GraphQLList(orderByOf(object)) },
    first: { type: GraphQLInt },
    after: { type: GraphQLString },
  });

  const writeInputOf = (object: ObjectDef, kind: 'Create' | 'Update') =>
    new GraphQLInputObjectType({
      name: `${pascal(object.nameSingular)}${kind}Input`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {};
        for (const field of object.fields) {
          if (['createdAt', 'updatedAt', 'deletedAt'].includes(field.name)) continue;
          if (field.name === 'id' && kind === 'Update') continue;
          if (field.relation?.type === 'MANY_TO_ONE') fields[joinColumn(field)] = { type: UUID };
          else if (field.relation) continue;
          else {
            const composite = compositeTypes[field.type];
            fields[field.name] = {
              type: composite
                ? kind === 'Create'
                  ? composite.create
                  : composite.update
                : scalarOf(object, field),
            };
          }
        }
        return fields;
      },
    });

  /** MANY_TO_ONE ids must name an existing record (Twenty: a foreign key). */
  const checkRelations = (object: ObjectDef, data: Record<string, unknown>) => {
    for (const field of object.fields) {
      if (field.relation?.type !== 'MANY_TO_ONE') continue;
      const id = data[joinColumn(field)];
      if (typeof id === 'string' && !store.get(field.relation.target, id))
        throw badInput(`${joinColumn(field)}: no ${field.relation.target} with id ${id}`);
    }
  };
  /** A composite update merges into the stored value; its missing sub-fields keep theirs. */
  const mergeComposites = (
    object: ObjectDef,
    current: StoredRecord | null,
    data: Record<string, unknown>,
  ) => {
    const merged = { ...data };
    for (const field of object.fields) {
      const composite = compositeTypes[field.type];
      if (!composite || !(field.name in data) || data[field.name] === null) continue;
      merged[field.name] = {
        ...composite.empty,
        ...((current?.[field.name] as object) ?? {}),
        ...(data[field.name] as object),
      };
    }
    return merged;
  };

  const plain = (record: StoredRecord | null) => (record ? { ...record } : null);

  const destroyCascade = (object: ObjectDef, id: string, ctx: CoreContext) => {
    const before = store.get(object.nameSingular, id);
    store.destroy(object.nameSingular, id);
    ctx.events.push({
      namePlural: object.namePlural,
      eventName: `${object.nameSingular}.destroyed`,
      recordId: id,
      before: plain(before),
      after: null,
    });
    for (const other of model.objects) {
      for (const field of other.fields) {
        if (field.relation?.type !== 'MANY_TO_ONE' || field.relation.target !== object.nameSingular) continue;
        for (const child of store.all(other.nameSingular).filter((r) => r[joinColumn(field)] === id)) {
          if (field.relation.onDelete === 'CASCADE') destroyCascade(other, child.id, ctx);
          else store.update(other.nameSingular, child.id, { [joinColumn(field)]: null });
        }
      }
    }
  };

  const query: GraphQLFieldConfigMap<unknown, CoreContext> = {};
  const mutation: GraphQLFieldConfigMap<unknown, CoreContext> = {};
  for (const object of model.objects) {
    const name = pascal(object.nameSingular);
    const output = outputOf(object);
    const create = writeInputOf(object, 'Create');
    const update = writeInputOf(object, 'Update');
    const id = { type: new GraphQLNonNull(UUID) };
    query[object.namePlural] = {
      type: connectionOf(object),
      args: listArgs(object),
      resolve: (_root, args: ListArgs, ctx) => list(ctx, object, args),
    };
    query[object.nameSingular] = {
      type: output,
      args: { filter: { type: new GraphQLNonNull(filterInputOf(object)) } },
      resolve: (_root, args: ListArgs, ctx) =>
        list(ctx, object, { filter: args.filter, first: 1 }).edges[0]?.node ?? null,
    };
    const insert = (ctx: CoreContext, data: Record<string, unknown>) => {
      checkRelations(object, data);
      if (typeof data.id === 'string' && store.get(object.nameSingular, data.id))
        throw new GraphQLError(`A ${object.nameSingular} with id ${data.id} already exists`, {
          extensions: { code: 'CONFLICT' },
        });
      const record = store.insert(object.nameSingular, mergeComposites(object, null, data));
      ctx.events.push({
        namePlural: object.namePlural,
        eventName: `${object.nameSingular}.created`,
        recordId: record.id,
        before: null,
        after: plain(record),
      });
      return record;
    };
    mutation[`create${name}`] = {
      type: output,
      args: { data: { type: new GraphQLNonNull(create) } },
      resolve: (_root, args: { data: Record<string, unknown> }, ctx) => {
        need(ctx, object, 'update');
        return insert(ctx, args.data);
      },
    };
    mutation[`create${pascal(object.namePlural)}`] = {
      type: new GraphQLList(output),
      args: { data: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(create))) } },
      resolve: (_root, args: { data: Record<string, unknown>[] }, ctx) => {
        need(ctx, object, 'update');
        if (args.data.length > MAX_FIRST) throw badInput(`At most ${MAX_FIRST} records at once`);
        return store.transaction(() => args.data.map((data) => insert(ctx, data)));
      },
    };
    mutation[`update${name}`] = {
      type: output,
      args: { id, data: { type: new GraphQLNonNull(update) } },
      resolve: (_root, args: { id: string; data: Record<string, unknown> }, ctx) => {
        need(ctx, object, 'update');
        const before = visible(store.get(object.nameSingular, args.id));
        if (!before) throw notFound();
        checkRelations(object, args.data);
        const after = store.update(object.nameSingular, args.id, mergeComposites(object, before, args.data))!;
        ctx.events.push({
          namePlural: object.namePlural,
          eventName: `${object.nameSingular}.updated`,
          recordId: args.id,
          before: plain(before),
          after: plain(after),
        });
        return after;
      },
    };
    mutation[`delete${name}`] = {
      type: output,
      args: { id },
      resolve: (_root, args: { id: string }, ctx) => {
        need(ctx, object, 'softDelete');
        const before = visible(store.get(object.nameSingular, args.id));
        if (!before) throw notFound();
        const after = store.setDeletedAt(object.nameSingular, args.id, new Date().toISOString())!;
        ctx.events.push({
          namePlural: object.namePlural,
          eventName: `${object.nameSingular}.deleted`,
          recordId: args.id,
          before: plain(before),
          after: plain(after),
        });
        return after;
      },
    };
    mutation[`restore${name}`] = {
      type: output,
      args: { id },
      resolve: (_root, args: { id: string }, ctx) => {
        need(ctx, object, 'softDelete');
        const before = store.get(object.nameSingular, args.id);
        if (!before?.deletedAt) throw notFound();
        const after = store.setDeletedAt(object.nameSingular, args.id, null)!;
        ctx.events.push({
          namePlural: object.namePlural,
          eventName: `${object.nameSingular}.restored`,
          recordId: args.id,
          before: plain(before),
          after: plain(after),
        });
        return after;
      },
    };
    mutation[`destroy${name}`] = {
      type: output,
      args: { id },
      resolve: (_root, args: { id: string }, ctx) => {
        need(ctx, object, 'destroy');
        const before = store.get(object.nameSingular, args.id);
        if (!before) throw notFound();
        store.transaction(() => destroyCascade(object, args.id, ctx));
        return before;
      },
    };
  }
  return new Schema({
    query: new GraphQLObjectType({ name: 'Query', fields: query }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: mutation }),
  });
};
