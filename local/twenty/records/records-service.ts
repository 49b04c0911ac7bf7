import type { DatabaseSync } from 'node:sqlite';
import type { GraphQLSchema } from 'graphql';
import type { AppManifest } from '../build/manifest.ts';
import { sameSecret } from '../own-origin.ts';
import type { RuntimeContext } from '../runtime-context.ts';
import type { RecordEvent } from './core-schema.ts';
import {
  ALL_GRANTED,
  appRolePermissions,
  buildObjectModel,
  type ObjectModel,
  type Permissions,
} from './object-model.ts';
import { WorkspaceRecords } from './record-store.ts';
import { seedRecords } from './seed.ts';

/**
 * The workspace's records: the store (seeded once), the object model of the current build (standard objects + the
 * app's own, rebuilt when the dev loop swaps the build) and the `/graphql` core API over them.
 */
export class RecordsService {
  readonly store: WorkspaceRecords;
  #model: { manifest: AppManifest; model: ObjectModel; permissions: Permissions } | null = null;
  #schema: { model: ObjectModel; schema: GraphQLSchema } | null = null;
  #api: Promise<(request: Request) => Promise<Response>> | null = null;

  constructor(
    db: DatabaseSync,
    private readonly ctx: Pick<RuntimeContext, 'app' | 'secrets' | 'log'>,
    private readonly onEvents: (events: RecordEvent[]) => void = () => {},
  ) {
    this.store = new WorkspaceRecords(db);
    seedRecords(db, this.store);
  }

  #current() {
    const { manifest } = this.ctx.app;
    if (this.#model?.manifest !== manifest) {
      const model = buildObjectModel(manifest);
      for (const warning of model.warnings) this.ctx.log(`records: ${warning}`);
      this.#model = { manifest, model, permissions: appRolePermissions(manifest) };
    }
    return this.#model;
  }

  model(): ObjectModel {
    return this.#current().model;
  }

  /** The app's tokens: the app's role; the workspace API key: everything; anything else: not authenticated. */
  permissionsFor(token: string): Permissions | null {
    const { appToken, appUserToken, apiKey } = this.ctx.secrets;
    if (sameSecret(token, appToken) || sameSecret(token, appUserToken)) return this.#current().permissions;
    if (sameSecret(token, apiKey)) return ALL_GRANTED;
    return null;
  }

  /** `POST /graphql` (graphql and graphql-jit load on first use). */
  async handle(request: Request): Promise<Response> {
    this.#api ??= Promise.all([import('./core-api.ts'), import('./core-schema.ts')]).then(
      ([{ createCoreApi }, { createCoreSchema }]) =>
        createCoreApi({
          schema: () => {
            const model = this.model();
            if (this.#schema?.model !== model)
              this.#schema = { model, schema: createCoreSchema(model, this.store) };
            return this.#schema.schema;
          },
          permissionsFor: (token) => this.permissionsFor(token),
          onEvents: this.onEvents,
        }),
    );
    return (await this.#api)(request);
  }
}
