import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type ArgumentNode,
  buildSchema,
  type DocumentNode,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  type ValueNode,
  validate,
  visit,
} from 'graphql';

/** Linear's public SDL, vendored with its license (see vendor/contracts/linear/SOURCE.txt). */
export const linearSchemaPath = resolve(
  import.meta.dirname,
  '../../../vendor/contracts/linear/schema.graphql',
);

let cached: { schema: GraphQLSchema; buildMs: number } | undefined;

/**
 * Linear's schema, built once per process (the SDL is 1.2 MB; building it is the slow part of a check).
 * `buildMs` is how long the one build took, for reporting.
 */
export const linearSchema = (): { schema: GraphQLSchema; buildMs: number } => {
  if (!cached) {
    const started = performance.now();
    const schema = buildSchema(readFileSync(linearSchemaPath, 'utf8'));
    cached = { schema, buildMs: performance.now() - started };
  }
  return cached;
};

/** What a valid document sends: enough for a test to assert it is the operation it expected. */
export type LinearDocumentSummary = {
  operationType: 'query' | 'mutation' | 'subscription';
  operationName: string | undefined;
  /** Root fields selected, e.g. `['issueCreate']`. */
  rootFields: string[];
};

const where = (node: { loc?: { startToken: { line: number; column: number } } }): string =>
  node.loc ? ` at ${node.loc.startToken.line}:${node.loc.startToken.column}` : '';

/** String and number literals inside an argument value, however deeply nested in input objects and lists. */
const forbiddenLiterals = (value: ValueNode): ValueNode[] => {
  switch (value.kind) {
    case 'StringValue':
    case 'IntValue':
    case 'FloatValue':
      return [value];
    case 'ListValue':
      return value.values.flatMap(forbiddenLiterals);
    case 'ObjectValue':
      return value.fields.flatMap((field) => forbiddenLiterals(field.value));
    default:
      // Variables, enums, booleans and null cannot carry spliced user text.
      return [];
  }
};

const literalProblems = (document: DocumentNode): string[] => {
  const problems: string[] = [];
  visit(document, {
    Argument(node: ArgumentNode) {
      for (const literal of forbiddenLiterals(node.value)) {
        const shown =
          literal.kind === 'StringValue'
            ? JSON.stringify(literal.value)
            : 'value' in literal
              ? literal.value
              : '';
        problems.push(
          `literal ${shown} in argument "${node.name.value}"${where(literal)}: ` +
            'user text and numbers must be sent as variables, not written into the document',
        );
      }
    },
  });
  return problems;
};

const singleOperation = (document: DocumentNode): OperationDefinitionNode => {
  const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
  const operation = getOperationAST(document);
  if (!operation || operations.length !== 1) {
    throw new Error(`Linear document must contain exactly one operation, found ${operations.length}`);
  }
  return operation;
};

const variableProblems = (schema: GraphQLSchema, operation: OperationDefinitionNode, variables: unknown) => {
  if (
    variables !== undefined &&
    (typeof variables !== 'object' || variables === null || Array.isArray(variables))
  ) {
    return ['variables must be a JSON object'];
  }
  const inputs = (variables ?? {}) as Record<string, unknown>;
  const declared = new Set((operation.variableDefinitions ?? []).map((d) => d.variable.name.value));
  // GraphQL ignores undeclared variables silently, which would hide a misspelt name.
  const undeclared = Object.keys(inputs)
    .filter((name) => !declared.has(name))
    .map((name) => `variable "$${name}" is passed but not declared by the operation`);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 20 });
  return [...undeclared, ...(coerced.errors ?? []).map((error) => error.message)];
};

/**
 * Asserts that `query` is a GraphQL document Linear would accept and that carries no spliced user input.
 *
 * Checks, in order: it parses; it validates against Linear's vendored public schema (fields, arguments,
 * types, unused or undefined variables); it holds exactly one operation; no argument (nor any nested
 * input-object field or list item) is a string or number literal, since user text must arrive as a
 * variable; `variables` is an object whose entries are all declared and coerce to the declared types
 * (GraphQL's own `getVariableValues`, so required variables must be present and non-null).
 *
 * @throws Error naming every problem found.
 */
export const assertLinearDocument = (query: string, variables?: unknown): LinearDocumentSummary => {
  const { schema } = linearSchema();
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    throw new Error(`Linear document does not parse: ${(error as Error).message}`);
  }
  const schemaProblems = validate(schema, document).map((error) => error.message);
  if (schemaProblems.length > 0) {
    throw new Error(`Linear document is invalid against the schema:\n- ${schemaProblems.join('\n- ')}`);
  }
  const operation = singleOperation(document);
  const problems = [...literalProblems(document), ...variableProblems(schema, operation, variables)];
  if (problems.length > 0) throw new Error(`Linear request is not acceptable:\n- ${problems.join('\n- ')}`);
  return {
    operationType: operation.operation,
    operationName: operation.name?.value,
    rootFields: operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : [])),
  };
};

/**
 * Same as {@link assertLinearDocument}, for the JSON body of a `POST https://api.linear.app/graphql`
 * (`{ query, variables, operationName? }`, as a string or already parsed).
 *
 * @throws Error when the body is not such an object, or when the document or variables are not acceptable.
 */
export const assertLinearRequestBody = (body: unknown): LinearDocumentSummary => {
  const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { query?: unknown }).query !== 'string'
  ) {
    throw new Error('Linear request body must be a JSON object with a string "query"');
  }
  const { query, variables, operationName } = parsed as {
    query: string;
    variables?: unknown;
    operationName?: unknown;
  };
  const summary = assertLinearDocument(query, variables ?? undefined);
  if (operationName !== undefined && operationName !== summary.operationName) {
    throw new Error(`Linear request names operation "${String(operationName)}" but the document has another`);
  }
  return summary;
};
