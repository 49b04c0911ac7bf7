/**
 * Stable UUIDs Twenty uses to match what this app defines across versions. Never change one. A provider's own
 * (its connection provider and hooks) are in its spec, `src/providers/<name>/<name>.provider.ts`.
 */
export const IDS = {
  application: '1e2ac5e3-e00f-4aae-befe-0f8ff46edc60',
  role: 'bfa60719-b515-4568-b730-081ac18bf8a7',
  applicationVariables: {
    digestTeams: '240a1386-cae3-4078-bd61-ee674c3865c5',
    digestChannel: '4262c6e7-c0ab-49c7-9585-bd6d6bfe77a1',
    digestLookbackHours: '1c2ddcf0-bed5-4650-ab37-93387abad447',
    opportunityChannel: '8d1eb996-25f8-4b8a-9bd7-7340e3250867',
  },
} as const;
