import { randomUUID } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD } from 'twenty-sdk/define';
import { beforeEach } from 'vitest';
import { IDS } from '../../../src/universal-identifiers.ts';
import { APP_ACCESS_TOKEN, TWENTY_API_URL } from '../../support/fake-twenty.ts';
import type { Loose } from '../../support/run-function.ts';
import type { Upstreams } from '../../support/upstreams.ts';

const OBJECTS = [
  [STANDARD.company.universalIdentifier, 'company'],
  [STANDARD.person.universalIdentifier, 'person'],
  [STANDARD.opportunity.universalIdentifier, 'opportunity'],
  [IDS.objects.workItem, 'workItem'],
] as const;

/**
 * What `createTimelineActivity` (twenty-sdk 2.43, dist/logic-function/index.mjs) sends, answered as Twenty
 * does (RESEARCH-12 §A4): the anonymous `/metadata` query for the installed types and objects, then
 * `POST /rest/timelineActivities`, whose body is stored here with the type's name resolved. Both go through
 * twenty-client-sdk, which sends TWENTY_APP_ACCESS_TOKEN (the application token in cron runs, §B2).
 */
export const fakeTimeline = (up: Upstreams): Loose[] => {
  const entries: Loose[] = [];
  const typeName = (id: string) =>
    Object.keys(IDS.timelineActivityTypes).find((name) => `type-${name}` === id) ?? id;
  beforeEach(() => {
    entries.length = 0;
    process.env.TWENTY_APP_ACCESS_TOKEN = APP_ACCESS_TOKEN;
    up.server.use(
      http.post(`${TWENTY_API_URL}/metadata`, async ({ request }) => {
        const body = (await request.clone().json()) as { query?: string };
        if (!body.query?.includes('timelineActivityTypes')) return undefined;
        return HttpResponse.json({
          data: {
            timelineActivityTypes: Object.entries(IDS.timelineActivityTypes).map(([name, uid]) => ({
              id: `type-${name}`,
              universalIdentifier: uid,
              isActive: true,
            })),
            objects: {
              edges: OBJECTS.map(([uid, nameSingular]) => ({
                node: { id: `object-${nameSingular}`, universalIdentifier: uid, nameSingular },
              })),
            },
          },
        });
      }),
      http.post(`${TWENTY_API_URL}/rest/timelineActivities`, async ({ request }) => {
        if (request.headers.get('authorization') !== `Bearer ${APP_ACCESS_TOKEN}`)
          return HttpResponse.json({ error: 'Unauthorized' }, { status: 401 });
        const body = (await request.json()) as Loose;
        const entry = { id: randomUUID(), ...body, type: typeName(body.timelineActivityTypeId) };
        entries.push(entry);
        return HttpResponse.json({ data: { createTimelineActivity: entry } });
      }),
    );
  });
  return entries;
};
