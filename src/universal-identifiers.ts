/** Stable UUIDs Twenty uses to match what this app defines across versions. Never change one. */
export const IDS = {
  application: '1e2ac5e3-e00f-4aae-befe-0f8ff46edc60',
  role: 'bfa60719-b515-4568-b730-081ac18bf8a7',
  providers: {
    linear: '763a8348-b06f-4940-8517-b5673cea220b',
    github: 'aa1eb63a-02a9-485d-85ed-64ccc4a6f4a7',
    slack: '740af486-41cf-48bf-bf74-d51baf813e4a',
  },
  /** Lifecycle hooks, referenced by the connection providers as well as defined by their own files. */
  hooks: {
    linearOnConnect: 'f15ba0fd-7651-45a3-ac09-ac3ab2146933',
    githubOnConnect: 'bed47888-07fd-4895-952c-3ff2a27d5801',
    slackOnConnect: 'e6453d5a-00d1-48e5-8c62-a659f2e2e42a',
    onDisconnect: 'deebe721-de28-4ff8-9e82-f0f23b4f62e2',
  },
  applicationVariables: {
    digestTeams: '240a1386-cae3-4078-bd61-ee674c3865c5',
    digestChannel: '4262c6e7-c0ab-49c7-9585-bd6d6bfe77a1',
    digestLookbackHours: '1c2ddcf0-bed5-4650-ab37-93387abad447',
    opportunityChannel: '8d1eb996-25f8-4b8a-9bd7-7340e3250867',
  },
} as const;
