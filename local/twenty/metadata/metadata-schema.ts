import type { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { graphql } from './metadata-graphql.ts';

/**
 * The slice of Twenty's `/metadata` GraphQL API that the `twenty-sdk/logic-function` helpers call
 * (`ListAppConnections`, `GetAppConnection`, `ReportAppConnectionAuthFailure`, `GetAppKeyValue`,
 * `SetAppKeyValue`, `DeleteAppKeyValue`, and the anonymous `timelineActivityTypes` + `objects(paging, filter)` query
 * of `createTimelineActivity`, captured from twenty-sdk 2.43), with the same argument and field names.
 */
const SDL = /* GraphQL */ `
  scalar JSON

  enum AppKeyValueScope {
    WORKSPACE
    SERVER
  }

  input ListAppConnectionsInput {
    providerName: String
    userWorkspaceId: String
    visibility: String
  }

  input ReportAppConnectionAuthFailureInput {
    id: ID!
    reason: String
  }

  input SetAppKeyValueInput {
    key: String!
    value: JSON
    scope: AppKeyValueScope
  }

  type AppConnection {
    id: ID!
    providerName: String!
    name: String!
    handle: String!
    visibility: String!
    userWorkspaceId: String!
    workspaceMemberId: String!
    accessToken: String!
    scopes: [String!]!
    authFailedAt: String
    authFailedReason: String
  }

  type AppKeyValue {
    key: String!
    value: JSON
    scope: AppKeyValueScope!
  }

  input CursorPaging {
    first: Int
    last: Int
    after: String
    before: String
  }

  input UUIDFilterComparison {
    eq: String
    neq: String
    in: [String!]
    notIn: [String!]
  }

  input ObjectFilter {
    id: UUIDFilterComparison
    universalIdentifier: UUIDFilterComparison
  }

  type TimelineActivityType {
    id: ID!
    universalIdentifier: String!
    name: String!
    label: String!
    icon: String
    isActive: Boolean!
  }

  type Object {
    id: ID!
    universalIdentifier: String!
    nameSingular: String!
    namePlural: String!
    labelSingular: String!
  }

  type ObjectEdge {
    node: Object!
    cursor: String!
  }

  type ObjectConnection {
    edges: [ObjectEdge!]!
    totalCount: Int!
  }

  type Query {
    timelineActivityTypes: [TimelineActivityType!]!
    objects(paging: CursorPaging!, filter: ObjectFilter!): ObjectConnection!
    appConnections(filter: ListAppConnectionsInput): [AppConnection!]!
    appConnection(id: ID!): AppConnection!
    appKeyValue(key: String!, scope: AppKeyValueScope): AppKeyValue
  }

  type Mutation {
    reportAppConnectionAuthFailure(input: ReportAppConnectionAuthFailureInput!): Boolean!
    setAppKeyValue(input: SetAppKeyValueInput!): AppKeyValue!
    deleteAppKeyValue(key: String!, scope: AppKeyValueScope): Boolean!
  }
`;

export const createMetadataSchema = (): GraphQLSchema => {
  const schema = graphql.buildSchema(SDL);
  const json = schema.getType('JSON') as GraphQLScalarType;
  Object.assign(json, {
    serialize: (value: unknown) => value,
    parseValue: (value: unknown) => value,
  });
  return schema;
};
