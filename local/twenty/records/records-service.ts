import type { DatabaseSync } from 'node:sqlite';
import type { GraphQLSchema } from 'graphql';
import type { AppManifest } from '../build/manifest.ts';
import { sameSecret } from '../own-origin.ts';
import { BodyTooLargeError, readBodyText } from '../request-limits.ts';
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
import { TimelineInputError, TimelineStore } from './timeline.ts';

/** Twenty's REST error body (`{ statusCode, error, messages }`). */
const restError = (statusCode: number, error: string, message: string) =>
  Response.json({ statusCode, error, messages: [message] }, { status: statusCode });

/**
 * The workspace's records: the store (seeded once), the object model of the current build (standard objects + the
 * app's own, rebuilt when the dev loop swaps the build) and the `/graphql` core API over them.
 */
export class RecordsService {
  readonly store: WorkspaceRecords;
  readonly timeline: TimelineStore;
  #model: { manifest: AppManifest; model: ObjectModel; permissions: Permissions } | null = null;
  #schema: { model: ObjectModel; schema: GraphQLSchema } | null = null;
  #api: Promise<(request: Request) => Promise<Response>> | null = null;

  constructor(
    db: DatabaseSync,
    private readonly ctx: Pick<RuntimeContext, 'app' | 'secrets' | 'log'>,
    private readonly onEvents: (events: RecordEvent[]) => void = () => {},
  ) {
    this.store = new WorkspaceRecords(db);
    this.timeline = new TimelineStore(db);
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

  /**
   * `POST /rest/timelineActivities`, as twenty-sdk 2.43's `createTimelineActivity` calls it (docs/events-sources.md §A4):
   * 201 `{ data: { createTimelineActivity: { id, timelineActivityTypeId, timelineActivityTypeSnapshot, … } } }`
   * (the SDK reads `data.createTimelineActivity`). App tokens get the server's application rules (§B3); the
   * workspace API key does not. No object permission is checked: docs/events-sources.md found none for app-created
   * activities (an open question there).
   */
  async createTimelineActivity(request: Request): Promise<Response> {
    const token = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
    if (!this.permissionsFor(token)) return restError(401, 'UNAUTHENTICATED', 'Token invalid.');
    const { appToken, appUserToken } = this.ctx.secrets;
    const byApplication = sameSecret(token, appToken) || sameSecret(token, appUserToken);
    let input: unknown;
    try {
      input = JSON.parse(await readBodyText(request));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return restError(413, 'PAYLOAD_TOO_LARGE', error.message);
      return restError(400, 'BadRequestException', 'The body must be a JSON object.');
    }
    if (!input || typeof input !== 'object' || Array.isArray(input))
      return restError(400, 'BadRequestException', 'The body must be a JSON object.');
    try {
      const created = this.timeline.create(input as Record<string, unknown>, {
        manifest: this.ctx.app.manifest,
        model: this.model(),
        store: this.store,
        byApplication,
      });
      return Response.json({ data: { createTimelineActivity: created } }, { status: 201 });
    } catch (error) {
      if (error instanceof TimelineInputError) return restError(400, 'BadRequestException', error.message);
      throw error;
    }
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
