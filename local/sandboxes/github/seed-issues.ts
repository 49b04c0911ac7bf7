import type { GithubComment, GithubIssue } from './model.ts';

export const REPO_IDS = {
  firmware: 612300101,
  website: 612300102,
  archive: 612300103,
  adaNotes: 612300104,
  adaDotfiles: 612300105,
  graceSensors: 612300106,
} as const;

type IssueSeed = Omit<GithubIssue, 'updatedAt' | 'closedAt' | 'isPullRequest' | 'assignees'> &
  Partial<Pick<GithubIssue, 'isPullRequest' | 'assignees' | 'closedAt' | 'stateReason' | 'mergedAt'>>;

function issue(seed: IssueSeed): GithubIssue {
  return {
    isPullRequest: false,
    assignees: [],
    closedAt: null,
    ...seed,
    updatedAt: seed.closedAt ?? seed.createdAt,
  };
}

export function seedIssues(): GithubIssue[] {
  return [
    issue({
      id: 2198000001,
      repoId: REPO_IDS.firmware,
      number: 1,
      title: 'Motor controller overheats at 80% duty cycle',
      body: 'Thermal shutdown after ~4 minutes at 80% PWM on the elbow joint. Needs a derating curve.',
      state: 'open',
      author: 'ada-acme',
      labels: ['bug'],
      assignees: ['ada-acme'],
      createdAt: '2024-09-02T08:15:00Z',
    }),
    issue({
      id: 2198000002,
      repoId: REPO_IDS.firmware,
      number: 2,
      title: 'Add CAN bus watchdog',
      body: 'Resets the bus when no heartbeat arrives for 500 ms.',
      state: 'open',
      isPullRequest: true,
      author: 'ada-acme',
      labels: ['enhancement'],
      createdAt: '2024-09-10T13:40:00Z',
    }),
    issue({
      id: 2198000003,
      repoId: REPO_IDS.website,
      number: 1,
      title: 'Broken link on the pricing page',
      body: 'The "Contact sales" button points to a 404.',
      state: 'closed',
      author: 'grace-acme',
      labels: ['bug'],
      createdAt: '2024-07-21T09:00:00Z',
      closedAt: '2024-07-22T16:30:00Z',
    }),
    issue({
      id: 2198000004,
      repoId: REPO_IDS.website,
      number: 2,
      title: 'Add a dark mode',
      body: 'Several customers asked for it; follow the system preference.',
      state: 'open',
      author: 'grace-acme',
      labels: ['enhancement'],
      createdAt: '2024-10-01T11:05:00Z',
    }),
    issue({
      id: 2198000005,
      repoId: REPO_IDS.adaNotes,
      number: 1,
      title: 'Write up the gearbox backlash measurements',
      body: null,
      state: 'open',
      author: 'ada-acme',
      labels: ['documentation'],
      createdAt: '2024-08-14T17:00:00Z',
    }),
    // How things end on GitHub: a merged pull request, one closed without merging, an issue closed as not planned.
    issue({
      id: 2198000006,
      repoId: REPO_IDS.graceSensors,
      number: 1,
      title: 'Read the soil sensor over I2C',
      body: 'Replaces the analog reading, which drifted with temperature.',
      state: 'closed',
      isPullRequest: true,
      author: 'grace-acme',
      labels: [],
      createdAt: '2024-05-02T19:10:00Z',
      closedAt: '2024-05-04T08:00:00Z',
      mergedAt: '2024-05-04T08:00:00Z',
      stateReason: null,
    }),
    issue({
      id: 2198000007,
      repoId: REPO_IDS.graceSensors,
      number: 2,
      title: 'Switch the sensor bus to SPI',
      body: null,
      state: 'closed',
      isPullRequest: true,
      author: 'ada-acme',
      labels: [],
      createdAt: '2024-05-03T10:00:00Z',
      closedAt: '2024-05-05T12:00:00Z',
      mergedAt: null,
      stateReason: null,
    }),
    issue({
      id: 2198000008,
      repoId: REPO_IDS.graceSensors,
      number: 3,
      title: 'Support the Arduino Uno',
      body: 'Not enough RAM for the TLS stack.',
      state: 'closed',
      author: 'ada-acme',
      labels: ['wontfix'],
      assignees: ['grace-acme'],
      createdAt: '2024-06-01T09:00:00Z',
      closedAt: '2024-06-02T09:30:00Z',
      stateReason: 'not_planned',
    }),
  ];
}

export function seedComments(): GithubComment[] {
  return [
    {
      id: 2330000001,
      repoId: REPO_IDS.firmware,
      issueNumber: 1,
      body: 'Reproduced on the bench: 92 °C at the MOSFETs after 3m40s.',
      author: 'ada-acme',
      createdAt: '2024-09-03T10:20:00Z',
      updatedAt: '2024-09-03T10:20:00Z',
    },
    {
      id: 2330000002,
      repoId: REPO_IDS.website,
      issueNumber: 1,
      body: 'Fixed in the last deploy, thanks!',
      author: 'ada-acme',
      createdAt: '2024-07-22T16:29:00Z',
      updatedAt: '2024-07-22T16:29:00Z',
    },
  ];
}
