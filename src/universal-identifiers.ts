/**
 * Explicit timeline events on companies, people and opportunities (src/timeline/). Its own constant (and the
 * work item's object id below) so a bundle that only writes timeline entries does not carry all of `IDS`.
 */
export const TIMELINE_ACTIVITY_TYPES = {
  workItemLinked: '63d2c2d5-30bf-423b-adff-7f059a50a99c',
  workItemStatusOpen: '39779ebe-120c-4ca5-b86a-ab42c299f9d4',
  workItemStatusInProgress: 'c4215568-ace9-450c-8613-6d1a0929ef32',
  workItemStatusDone: '1b8d6bc8-2a8a-4561-b2cd-14eeda3d1dd0',
  workItemStatusCanceled: '9a8bf341-c43b-485b-8f96-71b39b4508fe',
  workItemAssigned: 'df48e39b-b15e-48dc-88dc-f2e6cd5da408',
  workItemCommented: 'd7466521-e4a6-46a6-b605-38d0781eaa2e',
  workItemMerged: '40745185-9414-4adc-9764-ade92ffa1f15',
  workItemClosed: 'f7d67d7a-7f20-41b0-a440-98a3b1c93b19',
} as const;
export const WORK_ITEM_OBJECT = 'aad8b6a6-70ce-44b3-a987-28998670ddc9';

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
    crmBaseUrl: 'df923825-144c-4ab5-8234-677ed4d9bb39',
    workItemDoneChannel: 'd7a421c0-580b-43ef-a09a-771a095ae0ed',
  },
  functions: {
    linearWebhook: 'a0b46c3d-c90b-49f9-aac9-d41446502527',
    linearEvent: '0deb8711-0ad1-44ec-9f6e-69ac2e395d38',
  },
  timelineActivityTypes: TIMELINE_ACTIVITY_TYPES,
  objects: {
    workItem: WORK_ITEM_OBJECT,
    workItemLink: '653ec7ed-e494-4486-ba46-d67b382017bf',
  },
  fields: {
    workItem: {
      title: '4d909269-b63b-418e-af00-0871f622b555',
      provider: 'c51b224a-7ec1-4d4a-a9f5-fbe4f546d044',
      upstreamId: '213dfec8-a0ba-4f70-9035-548012d11a3c',
      identifier: '847a7ff3-1d29-425d-b10f-a1ffb5a80607',
      url: '705dfacd-70cd-4644-bba2-7899a1d4f390',
      status: '8cff77bf-0af6-4d24-a577-fe32293df43a',
      statusCategory: '79c87746-f125-4fe9-b7f2-6fcc39b4f2b6',
      assignee: 'faa8536b-c196-459c-afab-4a07c656ae3c',
      lastRefreshedAt: '72bca698-292e-43c2-9f5c-a3fa50c86a7d',
      upstreamUpdatedAt: '70feeba6-7107-4868-bc28-8dc15516d749',
      connectionId: 'b7247b97-711d-410b-a2b0-193448b28db7',
      connectionName: 'cf168c2b-9957-4965-a055-b34c628d9ebd',
      isPrivate: '08f71cda-a9e7-4217-816c-bb38d3f1a5cc',
      etag: '32801010-b63c-4ffe-81c7-b1c031ca0948',
      links: '4632f03e-f02f-4df5-9b78-4b70b6881b10',
    },
    workItemLink: {
      label: 'abbc271d-e9ac-4b64-aeef-bb3bd4e86d3d',
      workItem: 'bc9c2d5c-2046-41f0-90c6-294b3cec0fe1',
      company: '1482c05a-2fc6-4288-b450-dcb7a0c2b952',
      person: '25cc3e6d-8569-4126-87f2-ecf807bec515',
      opportunity: '84269e95-c78e-41ed-b75b-95f9aa4c3209',
      linkedByWorkspaceMemberId: '9cae73c1-d2d1-4f83-bd7f-f81e1f81b01a',
      customerNeedId: 'ab4a7d89-f1ed-4dab-b634-ab96eed70817',
    },
    /** The inverse `workItemLinks` fields the app adds to Twenty's standard objects. */
    company: { workItemLinks: 'fdcb5135-8bd6-4f14-9285-8b08788feeb8' },
    person: { workItemLinks: '60078338-f62d-4d10-affb-8a9431bb6285' },
    opportunity: { workItemLinks: '1fd164a8-b23e-4fd2-9ec8-ef673caacb79' },
  },
} as const;
