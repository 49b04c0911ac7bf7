import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

/**
 * `/metadata` `appConnections(filter)` returns exactly the rows the filter names, as Twenty's resolver does:
 * the app's connection choice (src/core) filters again, so only a direct query shows a filter the runtime
 * ignored. Connections: Ada's own, Grace's own and Ada's workspace-shared one, all Linear.
 */
type Row = { id: string; providerName: string; visibility: string; userWorkspaceId: string };

describe('/metadata appConnections filter', () => {
  let harness: Harness;
  const query = async (filter: Record<string, string>): Promise<Row[]> => {
    const response = await harness.fetch(
      new Request(`${harness.baseUrl}/metadata`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${harness.services.ctx.secrets.appToken}`,
        },
        body: JSON.stringify({
          query:
            'query($filter: ListAppConnectionsInput) { appConnections(filter: $filter) { id providerName visibility userWorkspaceId } }',
          variables: { filter },
        }),
      }),
    );
    const body = (await response.json()) as { data?: { appConnections: Row[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data!.appConnections;
  };
  const ids = (rows: Row[]) => rows.map((row) => row.id).sort();

  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
    await addConnection(harness, { member: 'ada', visibility: 'user' });
    await addConnection(harness, { member: 'grace', visibility: 'user' });
    await addConnection(harness, { member: 'ada', visibility: 'workspace' });
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  it('by member, by visibility, by both, and by provider name', async () => {
    const all = harness.services.ctx.connections.list();
    expect(all).toHaveLength(3);
    const ada = harness.services.ctx.members.byId('ada')!.userWorkspaceId;
    const grace = harness.services.ctx.members.byId('grace')!.userWorkspaceId;
    const where = (keep: (row: (typeof all)[number]) => boolean) =>
      all
        .filter(keep)
        .map((row) => row.id)
        .sort();

    expect(ids(await query({}))).toEqual(where(() => true));
    expect(ids(await query({ userWorkspaceId: grace }))).toEqual(
      where((row) => row.userWorkspaceId === grace),
    );
    expect(ids(await query({ visibility: 'workspace' }))).toEqual(
      where((row) => row.visibility === 'workspace'),
    );
    expect(ids(await query({ userWorkspaceId: ada, visibility: 'user' }))).toEqual(
      where((row) => row.userWorkspaceId === ada && row.visibility === 'user'),
    );
    expect(await query({ providerName: 'github' })).toEqual([]);
    expect(ids(await query({ providerName: 'linear' }))).toEqual(where(() => true));
    expect(where((row) => row.userWorkspaceId === grace)).toHaveLength(1);
  });
});
