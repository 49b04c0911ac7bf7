import type { InputJsonSchema } from 'twenty-sdk/logic-function';
import * as z from 'zod/mini';
import { AppError } from './app-error';

// Size matters here: every function ships as its own bundle (≤ 160 kB, of which twenty-sdk takes 116 kB).
// zod's `toJSONSchema`, its metadata registry, its length/range checks and `z.object` would add ~55 kB, so
// constraints are `refine`s, the JSON schema facts they imply are kept beside them in `META`, and objects
// are walked by `parseInput`; every field is still parsed by zod.
type AnySchema = z.ZodMiniType;
type Def = {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
};

const META = new WeakMap<AnySchema, InputJsonSchema>();
const defOf = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Attaches a field description (and JSON schema facts) that `toInputSchema` shows the AI. */
export const described = <T extends AnySchema>(
  schema: T,
  description: string,
  meta: InputJsonSchema = {},
): T => {
  META.set(schema, { ...META.get(schema), ...meta, description });
  return schema;
};

/** Non-blank text of at most `max` characters. */
export const text = (max: number) =>
  z
    .string()
    .check(
      z.refine((value) => value.trim().length > 0 && value.length <= max, `must be 1 to ${max} characters`),
    );

/** A whole number in [min, max], shown to the AI as an integer schema with those bounds. */
export const integer = (min: number, max: number) => {
  const schema = z
    .number()
    .check(
      z.refine(
        (n) => Number.isInteger(n) && n >= min && n <= max,
        `must be a whole number from ${min} to ${max}`,
      ),
    );
  META.set(schema, { type: 'integer', minimum: min, maximum: max });
  return schema;
};

/**
 * A flat object input. zod's own `z.object` costs ~7.5 kB per bundle, so objects are walked here and every
 * field is parsed by its zod schema. `allowUnknown` is for payloads we only read part of (records, env).
 */
export type Shape = Record<string, AnySchema>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends z.input<S[K]> ? K : never }[keyof S];
export type Parsed<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: z.output<S[K]> } & {
  [K in OptionalKeys<S>]?: z.output<S[K]>;
};
export type ObjectInput<S extends Shape> = {
  shape: S;
  allowUnknown?: boolean;
  /** A rule across fields; returns the problem, if any. */
  check?: (value: Parsed<S>) => string | undefined;
};

export const objectInput = <S extends Shape>(
  shape: S,
  options: Omit<ObjectInput<S>, 'shape'> = {},
): ObjectInput<S> => ({
  shape,
  ...options,
});

const leafSchema = (schema: AnySchema): InputJsonSchema => {
  const def = defOf(schema);
  const meta = META.get(schema) ?? {};
  if (def.type === 'optional') return { ...leafSchema(def.innerType!), ...meta };
  if (def.type === 'array') return { type: 'array', items: leafSchema(def.element!), ...meta };
  if (def.type === 'string' || def.type === 'number' || def.type === 'boolean')
    return { type: def.type, ...meta };
  // A `z.custom` field carries its whole JSON schema in META (see `recordArgument`).
  if (def.type === 'custom' && meta.type) return meta;
  throw new Error(`toInputSchema: unsupported zod type "${def.type}"`);
};

/** The JSON `inputSchema` Twenty shows the AI, generated from the same schemas that parse the input. */
export const toInputSchema = <S extends Shape>({ shape }: ObjectInput<S>): InputJsonSchema => {
  const keys = Object.keys(shape);
  return {
    type: 'object',
    properties: Object.fromEntries(keys.map((key) => [key, leafSchema(shape[key]!)])),
    required: keys.filter((key) => defOf(shape[key]!).type !== 'optional'),
    additionalProperties: false,
  };
};

/**
 * Parses untrusted input (tool arguments, route bodies, event payloads, settings). On failure throws
 * `INVALID_INPUT` naming every bad field, before any upstream call.
 */
export const parseInput = <S extends Shape>(
  input: ObjectInput<S>,
  value: unknown,
  what = 'input',
): Parsed<S> => {
  const problems: string[] = [];
  const fields: string[] = [];
  const fail = (field: string, problem: string) => {
    fields.push(field);
    problems.push(`${field}: ${problem}`);
  };
  const source = (value ?? {}) as Record<string, unknown>;
  const parsed: Record<string, unknown> = {};
  if (typeof source !== 'object' || Array.isArray(source)) fail(what, 'expected an object');
  else {
    // Unknown fields are reported: for the AI they are almost always a misspelt argument. Own keys only:
    // `constructor` or `__proto__` are not fields just because every object inherits them.
    if (!input.allowUnknown)
      for (const key in source) if (!Object.hasOwn(input.shape, key)) fail(key, 'unknown field');
    for (const key in input.shape) {
      const result = z.safeParse(input.shape[key]!, source[key]);
      if (result.success) parsed[key] = result.data;
      else fail(key, result.error.issues[0]?.message ?? 'invalid');
    }
  }
  const crossField = problems.length ? undefined : input.check?.(parsed as Parsed<S>);
  if (crossField) fail(what, crossField);
  if (problems.length) {
    throw new AppError('INVALID_INPUT', `Invalid ${what}. ${problems.join('; ')}.`, {
      fields: [...new Set(fields)],
    });
  }
  return parsed as Parsed<S>;
};
