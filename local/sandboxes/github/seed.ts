import type { GithubData, GithubLabel, GithubRepo } from './model.ts';
import { REPO_IDS, seedComments, seedIssues } from './seed-issues.ts';

/** The labels GitHub creates in every new repository (name, color, description). */
const DEFAULT_LABELS: ReadonlyArray<[string, string, string]> = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on'],
];

function defaultLabels(repoId: number): GithubLabel[] {
  return DEFAULT_LABELS.map(([name, color, description], index) => ({
    id: repoId * 100 + index,
    name,
    color,
    description,
    default: true,
  }));
}

type RepoSeed = Omit<GithubRepo, 'labels' | 'updatedAt' | 'pushedAt'>;

function repo(seed: RepoSeed): GithubRepo {
  return { ...seed, labels: defaultLabels(seed.id), updatedAt: seed.createdAt, pushedAt: seed.createdAt };
}

/**
 * Two people, one org. `grace-acme` is an org member without access to the private `firmware` repo (org
 * base permission "No permission"), so she sees GitHub's 404 for it.
 */
export function seedData(): GithubData {
  return {
    users: [
      {
        id: 58213771,
        login: 'ada-acme',
        type: 'User',
        name: 'Ada Lovelace',
        email: 'ada@acme-robotics.example',
        createdAt: '2019-03-04T09:12:44Z',
      },
      {
        id: 58213904,
        login: 'grace-acme',
        type: 'User',
        name: 'Grace Hopper',
        email: 'grace@acme-robotics.example',
        createdAt: '2019-03-04T10:02:17Z',
      },
    ],
    orgs: [
      {
        id: 71200345,
        login: 'acme-robotics',
        type: 'Organization',
        name: 'Acme Robotics',
        email: null,
        createdAt: '2019-03-05T08:00:00Z',
        members: { 'ada-acme': 'admin', 'grace-acme': 'member' },
      },
    ],
    repos: [
      repo({
        id: REPO_IDS.firmware,
        owner: 'acme-robotics',
        name: 'firmware',
        description: 'Motor controller and sensor firmware for the Acme arm',
        private: true,
        hasIssues: true,
        permissions: { 'ada-acme': 'admin' },
        createdAt: '2020-01-15T10:00:00Z',
      }),
      repo({
        id: REPO_IDS.website,
        owner: 'acme-robotics',
        name: 'website',
        description: 'acme-robotics.example marketing site',
        private: false,
        hasIssues: true,
        permissions: { 'ada-acme': 'admin', 'grace-acme': 'push' },
        createdAt: '2020-02-20T14:30:00Z',
      }),
      repo({
        id: REPO_IDS.archive,
        owner: 'acme-robotics',
        name: 'archive',
        description: 'Old prototypes, kept for reference (issues are disabled)',
        private: false,
        hasIssues: false,
        permissions: { 'ada-acme': 'admin', 'grace-acme': 'pull' },
        createdAt: '2019-06-01T09:00:00Z',
      }),
      repo({
        id: REPO_IDS.adaNotes,
        owner: 'ada-acme',
        name: 'notes',
        description: 'Private engineering notes',
        private: true,
        hasIssues: true,
        permissions: { 'ada-acme': 'admin' },
        createdAt: '2021-05-10T18:45:00Z',
      }),
      repo({
        id: REPO_IDS.adaDotfiles,
        owner: 'ada-acme',
        name: 'dotfiles',
        description: 'My shell and editor configuration',
        private: false,
        hasIssues: true,
        permissions: { 'ada-acme': 'admin' },
        createdAt: '2019-03-10T20:00:00Z',
      }),
      repo({
        id: REPO_IDS.graceSensors,
        owner: 'grace-acme',
        name: 'garden-sensors',
        description: 'Soil moisture sensors on a Raspberry Pi',
        private: false,
        hasIssues: true,
        permissions: { 'grace-acme': 'admin', 'ada-acme': 'push' },
        createdAt: '2022-04-02T11:20:00Z',
      }),
    ],
    issues: seedIssues(),
    comments: seedComments(),
    nextId: 3100000001,
  };
}
