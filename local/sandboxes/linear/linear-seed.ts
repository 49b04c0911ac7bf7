import type { LinearData, LinearIssue, LinearWorkflowState } from './linear-data.ts';

/** Stable UUID v4-shaped ids for seeded records, so a person can refer to them across restarts. */
function seedId(group: number, index: number): string {
  return `5eed${String(group).padStart(4, '0')}-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

const STATES: [name: string, type: string, color: string][] = [
  ['Backlog', 'backlog', '#bec2c8'],
  ['Todo', 'unstarted', '#e2e2e2'],
  ['In Progress', 'started', '#f2c94c'],
  ['Done', 'completed', '#5e6ad2'],
  ['Canceled', 'canceled', '#95a2b3'],
];

const ISSUES: [
  team: string,
  title: string,
  state: string,
  priority: number,
  assignee: 0 | 1 | null,
  hoursAgo: number,
][] = [
  ['ENG', 'Gripper firmware drops CAN frames under load', 'In Progress', 1, 0, 3],
  ['ENG', 'Add telemetry export to the fleet dashboard', 'Todo', 3, 1, 20],
  ['ENG', 'Upgrade motion planner to the new kinematics library', 'Backlog', 2, null, 46],
  ['ENG', 'Flaky integration test on arm calibration', 'Done', 4, 0, 70],
  ['ENG', 'Document the REST API for partners', 'Backlog', 0, null, 120],
  ['OPS', 'Restock servo motors for the Lyon line', 'Todo', 2, 1, 8],
  ['OPS', 'Schedule quarterly safety inspection', 'In Progress', 3, 1, 30],
  ['OPS', 'Replace badge readers at the loading dock', 'Canceled', 4, null, 96],
  ['SEC', 'Rotate the fleet VPN certificates', 'Todo', 2, 1, 12],
];

/**
 * The seeded workspace: "Acme Robotics" (urlKey `acme`), two users, public teams ENG and OPS, private team SEC,
 * a few issues, Customers available and none yet.
 */
export function seedLinearData(now: number): LinearData {
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
  const created = at(24 * 400);
  const users = [
    {
      id: seedId(1, 1),
      name: 'Ada Lovelace',
      displayName: 'ada',
      email: 'ada@acme-robotics.test',
      admin: true,
    },
    {
      id: seedId(1, 2),
      name: 'Grace Hopper',
      displayName: 'grace',
      email: 'grace@acme-robotics.test',
      admin: false,
    },
  ].map((user) => ({ ...user, createdAt: created }));
  // SEC is private with Grace its only member: Ada (and any token acting as her) cannot see it or its issues.
  const teams = [
    { id: seedId(2, 1), key: 'ENG', name: 'Engineering', visibility: 'public' as const },
    { id: seedId(2, 2), key: 'OPS', name: 'Operations', visibility: 'public' as const },
    {
      id: seedId(2, 3),
      key: 'SEC',
      name: 'Security',
      visibility: 'private' as const,
      memberIds: [users[1]!.id],
    },
  ].map((team) => ({ ...team, createdAt: created, updatedAt: created }));
  const states: LinearWorkflowState[] = teams.flatMap((team, teamIndex) =>
    STATES.map(([name, type, color], index) => ({
      id: seedId(3, teamIndex * 10 + index + 1),
      teamId: team.id,
      name,
      type,
      color,
      position: index,
      createdAt: created,
    })),
  );
  const numbers = new Map<string, number>();
  const issues: LinearIssue[] = ISSUES.map(
    ([teamKey, title, stateName, priority, assignee, hoursAgo], index) => {
      const team = teams.find((candidate) => candidate.key === teamKey)!;
      const number = (numbers.get(team.id) ?? 0) + 1;
      numbers.set(team.id, number);
      return {
        id: seedId(4, index + 1),
        teamId: team.id,
        number,
        title,
        description: `${title}.`,
        priority,
        stateId: states.find((state) => state.teamId === team.id && state.name === stateName)!.id,
        assigneeId: assignee === null ? null : users[assignee]!.id,
        creatorId: users[0]!.id,
        createdAt: at(hoursAgo + 24 * 7),
        updatedAt: at(hoursAgo),
      };
    },
  );
  const comments = [
    {
      id: seedId(5, 1),
      issueId: issues[0]!.id,
      userId: users[1]!.id,
      body: 'Reproduced on unit 7 with 40% bus load.',
    },
  ].map((comment) => ({ ...comment, createdAt: at(2), updatedAt: at(2) }));
  return {
    organization: { id: seedId(0, 1), name: 'Acme Robotics', urlKey: 'acme', createdAt: created },
    users,
    teams,
    states,
    issues,
    comments,
    customers: [],
    customerNeeds: [],
    customersEnabled: true,
    lastSyncId: 1000,
  };
}
