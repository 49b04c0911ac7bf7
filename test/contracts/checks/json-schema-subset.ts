/**
 * The part of OpenAPI 3.0 schemas that GitHub's request bodies use (type, nullable, enum, oneOf/anyOf,
 * items, properties, required, additionalProperties), checked against a parsed JSON value.
 */
export type OpenApiSchema = {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  nullable?: boolean;
  format?: string;
  enum?: unknown[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
};

const typeOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

const describe = (schema: OpenApiSchema): string => {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.map(describe).join(' or ');
  return `${schema.type ?? 'any'}${schema.nullable ? ' or null' : ''}`;
};

const typeMatches = (type: OpenApiSchema['type'], value: unknown): boolean => {
  const actual = typeOf(value);
  if (!type) return true;
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
};

/**
 * Problems found checking `value` against `schema`, each prefixed with its JSON path (`body.labels[0]`).
 * `rejectUnknown` also rejects object keys the schema does not list (used for the top-level body, where a
 * misspelt field would otherwise be silently ignored by GitHub).
 */
export const schemaProblems = (
  schema: OpenApiSchema,
  value: unknown,
  path: string,
  rejectUnknown = false,
): string[] => {
  if (value === null) return schema.nullable ? [] : [`${path} is null but must be ${describe(schema)}`];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const fits = alternatives.some((alt) => schemaProblems(alt, value, path).length === 0);
    return fits ? [] : [`${path} is ${typeOf(value)} but must be ${describe(schema)}`];
  }
  if (!typeMatches(schema.type, value))
    return [`${path} is ${typeOf(value)} but must be ${describe(schema)}`];
  if (schema.enum && !schema.enum.includes(value)) {
    return [`${path} is ${JSON.stringify(value)} but must be one of ${schema.enum.map(String).join(', ')}`];
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    return value.flatMap((item, index) => schemaProblems(items, item, `${path}[${index}]`));
  }
  if (typeOf(value) === 'object' && (schema.properties || schema.required)) {
    return objectProblems(schema, value as Record<string, unknown>, path, rejectUnknown);
  }
  return [];
};

const objectProblems = (
  schema: OpenApiSchema,
  value: Record<string, unknown>,
  path: string,
  rejectUnknown: boolean,
): string[] => {
  const properties = schema.properties ?? {};
  const missing = (schema.required ?? [])
    .filter((name) => value[name] === undefined)
    .map((name) => `${path}.${name} is required but missing`);
  const checked = Object.entries(value).flatMap(([name, child]) => {
    const childSchema = properties[name];
    if (childSchema) return child === undefined ? [] : schemaProblems(childSchema, child, `${path}.${name}`);
    const unknownRejected = rejectUnknown || schema.additionalProperties === false;
    return unknownRejected
      ? [`${path}.${name} is not a known field (known: ${Object.keys(properties).join(', ')})`]
      : [];
  });
  return [...missing, ...checked];
};
