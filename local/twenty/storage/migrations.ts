/** Versioned schema migrations, applied in order once each and recorded in `schema_migrations`. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0,
        user_workspace_id TEXT NOT NULL UNIQUE,
        workspace_member_id TEXT NOT NULL UNIQUE,
        route_token TEXT NOT NULL UNIQUE,
        position INTEGER NOT NULL
      );
      CREATE TABLE server_variables (name TEXT PRIMARY KEY, value TEXT NOT NULL, is_encrypted INTEGER NOT NULL);
      CREATE TABLE application_variables (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        name TEXT NOT NULL,
        visibility TEXT NOT NULL CHECK (visibility IN ('user', 'workspace')),
        user_workspace_id TEXT NOT NULL,
        workspace_member_id TEXT NOT NULL,
        handle TEXT NOT NULL,
        access_token TEXT NOT NULL,
        refresh_token TEXT,
        scopes TEXT NOT NULL,
        expires_at TEXT,
        auth_failed_at TEXT,
        auth_failed_reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX connections_provider ON connections (provider);
      CREATE TABLE kv (key TEXT NOT NULL, scope TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, scope));
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        function_id TEXT NOT NULL,
        function_name TEXT NOT NULL,
        trigger TEXT NOT NULL,
        ok INTEGER NOT NULL,
        status INTEGER,
        result TEXT,
        error TEXT,
        logs TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        started_at TEXT NOT NULL
      );
      CREATE INDEX runs_started_at ON runs (started_at);
      CREATE TABLE sandbox_state (provider TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE used_oauth_states (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'MCP authorization server records',
    sql: `
      CREATE TABLE mcp_oauth_records (
        model TEXT NOT NULL,
        key TEXT NOT NULL,
        payload TEXT NOT NULL,
        grant_id TEXT,
        uid_key TEXT,
        expires_at INTEGER,
        consumed_at INTEGER,
        PRIMARY KEY (model, key)
      );
      CREATE INDEX mcp_oauth_records_grant ON mcp_oauth_records (grant_id);
      CREATE INDEX mcp_oauth_records_uid ON mcp_oauth_records (model, uid_key);
    `,
  },
  {
    version: 3,
    name: 'who called a run (MCP client and member)',
    sql: `
      ALTER TABLE runs ADD COLUMN caller TEXT;
      CREATE INDEX runs_mcp_client ON runs (json_extract(caller, '$.clientId'), started_at) WHERE caller IS NOT NULL;
      ALTER TABLE mcp_oauth_records ADD COLUMN client_id TEXT;
      CREATE INDEX mcp_oauth_records_client ON mcp_oauth_records (client_id);
    `,
  },
  {
    version: 4,
    name: 'when a connection last got new credentials (Twenty: lastCredentialsRefreshedAt)',
    sql: `
      ALTER TABLE connections ADD COLUMN credentials_refreshed_at TEXT;
      UPDATE connections SET credentials_refreshed_at = updated_at;
    `,
  },
  {
    version: 5,
    name: 'member route tokens stored as hashes',
    // MemberStore moves each clear `route_token` into these columns on start (hashing needs code, not SQL)
    // and leaves a placeholder in `route_token`: SQLite cannot drop a UNIQUE column without rebuilding the table.
    sql: `
      ALTER TABLE members ADD COLUMN route_token_hash TEXT;
      ALTER TABLE members ADD COLUMN route_token_sealed TEXT;
      CREATE UNIQUE INDEX members_route_token_hash ON members (route_token_hash);
    `,
  },
  {
    version: 6,
    name: 'workspace records (core API emulation): one row per record, fields as JSON',
    sql: `
      CREATE TABLE workspace_records (
        object TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        position REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (object, id)
      );
    `,
  },
  {
    version: 7,
    name: 'timeline activities (Twenty timelineActivity: type snapshot, one target, linked record)',
    sql: `
      CREATE TABLE timeline_activities (
        id TEXT PRIMARY KEY,
        type_id TEXT NOT NULL,
        type_snapshot TEXT NOT NULL,
        happens_at TEXT NOT NULL,
        properties TEXT,
        target_object TEXT NOT NULL,
        target_record_id TEXT NOT NULL,
        linked_record_id TEXT,
        linked_object_metadata_id TEXT,
        workspace_member_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX timeline_activities_target ON timeline_activities (target_object, target_record_id, happens_at);
    `,
  },
];
