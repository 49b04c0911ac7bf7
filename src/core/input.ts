import type { InputJsonSchema } from 'twenty-sdk/logic-function';
import * as z from 'zod/mini';
import { AppError } from './app-error';

// Size matters here: every function ships as its own bundle (≤ 160 KB, of which twenty-sdk takes 115 KB).
// zod's `toJSONSchema`, its metadata registry and its length/range checks would add ~50 KB, so constraints
// are `refine`s and the JSON schema facts they imply are kept beside them in `META`.
type AnySchema = z.ZodMiniType;
type Def = {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  entries?: Record<string, string>;
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

/** The JSON `inputSchema` Twenty shows the AI, generated from the same zod schema that parses the input. */
export const toInputSchema = (schema: AnySchema): InputJsonSchema => {
  const def = defOf(schema);
  const meta = META.get(schema) ?? {};
  if (def.type === 'optional') return { ...toInputSchema(def.innerType!), ...meta };
  if (def.type === 'object') {
    const shape = def.shape ?? {};
    const keys = Object.keys(shape);
    return {
      type: 'object',
      properties: Object.fromEntries(keys.map((key) => [key, toInputSchema(shape[key]!)])),
      required: keys.filter((key) => defOf(shape[key]!).type !== 'optional'),
      additionalProperties: false,
      ...meta,
    };
  }
  if (def.type === 'array') return { type: 'array', items: toInputSchema(def.element!), ...meta };
  if (def.type === 'enum') return { type: 'string', enum: Object.values(def.entries ?? {}), ...meta };
  if (def.type === 'string' || def.type === 'number' || def.type === 'boolean')
    return { type: def.type, ...meta };
  throw new Error(`toInputSchema: unsupported zod type "${def.type}"`);
};

/**
 * Parses untrusted input (tool arguments, route bodies, event payloads, settings). On failure throws
 * `INVALID_INPUT` naming every bad field, before any upstream call.
 */
export const parseInput = <T extends AnySchema>(schema: T, value: unknown, what = 'input'): z.infer<T> => {
  const result = z.safeParse(schema, value ?? {});
  if (result.success) return result.data;
  const fields: string[] = [];
  const problems = result.error.issues.map((issue) => {
    // strictObject reports unknown keys on the object itself: name them, they are usually typos.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.') || what];
    fields.push(...keys);
    return `${keys.join(', ')}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`;
  });
  throw new AppError('INVALID_INPUT', `Invalid ${what}. ${problems.join('; ')}.`, {
    fields: [...new Set(fields)],
  });
};
