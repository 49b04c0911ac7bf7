import { GraphQLError } from 'graphql';

/** Linear's `extensions` on GraphQL errors (`type` is what Linear's SDK reads; `code` appears in real replies). */
type LinearErrorKind =
  | 'invalid input'
  | 'forbidden'
  | 'authentication error'
  | 'ratelimited'
  | 'feature not accessible'
  | 'internal error';

const CODES: Record<LinearErrorKind, { code: string; statusCode: number }> = {
  'invalid input': { code: 'INVALID_INPUT', statusCode: 400 },
  forbidden: { code: 'FORBIDDEN', statusCode: 403 },
  'authentication error': { code: 'AUTHENTICATION_ERROR', statusCode: 401 },
  ratelimited: { code: 'RATELIMITED', statusCode: 429 },
  // The type is one of Linear's SDK error types (packages/sdk/src/error.ts); code and status are UNCONFIRMED.
  'feature not accessible': { code: 'FEATURE_NOT_ACCESSIBLE', statusCode: 403 },
  'internal error': { code: 'INTERNAL_SERVER_ERROR', statusCode: 500 },
};

/** A Linear-shaped GraphQL error thrown from a resolver. */
export function linearError(
  kind: LinearErrorKind,
  message: string,
  userPresentableMessage: string,
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { type: kind, ...CODES[kind], userError: kind !== 'internal error', userPresentableMessage },
  });
}

/** `Entity not found: Issue` — an unknown id in an argument or input. */
export function entityNotFound(entity: string): GraphQLError {
  return linearError('invalid input', `Entity not found: ${entity}`, `Could not find referenced ${entity}.`);
}

/** A client-given `id` that is already taken (Linear ids are unique across the workspace). */
export function entityAlreadyExists(entity: string, id: string): GraphQLError {
  return linearError(
    'invalid input',
    `Argument Validation Error: ${entity} with id ${id} already exists`,
    `${entity} already exists.`,
  );
}

/** The token lacks a scope the mutation needs. */
export function missingScope(needed: string[]): GraphQLError {
  return linearError(
    'forbidden',
    `Invalid scope: ${needed.map((scope) => `\`${scope}\``).join(' or ')} required`,
    'You do not have permission to perform this action.',
  );
}

/** The workspace cannot use a feature (its plan or settings), e.g. Customers. Linear's wording is UNCONFIRMED. */
export function featureNotAccessible(feature: string): GraphQLError {
  return linearError(
    'feature not accessible',
    `Feature not accessible: ${feature}`,
    `${feature} is not enabled for this workspace.`,
  );
}

/** An argument only workspace admins may use (e.g. `issueDelete(permanentlyDelete:)`, "Available only to admins!"). */
export function adminOnly(argument: string): GraphQLError {
  return linearError(
    'forbidden',
    `Forbidden: ${argument} is available only to admins`,
    'You do not have permission to perform this action.',
  );
}

/** Body of the HTTP 401 Linear sends for a missing, invalid, expired or revoked token. */
export const AUTHENTICATION_ERROR_BODY = {
  errors: [
    {
      message: 'Authentication required, not authenticated',
      extensions: {
        type: 'authentication error',
        code: 'AUTHENTICATION_ERROR',
        statusCode: 401,
        userPresentableMessage: 'You need to authenticate to access this operation.',
      },
    },
  ],
};

/** Body of a rate-limited reply (Linear sends it with HTTP 400, not 429). */
export const RATELIMITED_BODY = {
  errors: [
    {
      message: 'Rate limit exceeded',
      extensions: {
        type: 'ratelimited',
        code: 'RATELIMITED',
        statusCode: 429,
        userPresentableMessage: 'Rate limit exceeded. Please try again later.',
      },
    },
  ],
};
