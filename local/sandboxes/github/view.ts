import { type GithubData, repoFullName } from './model.ts';

/** What a person looks at: each repository with its issues and their comments, newest issue first. */
export function viewData(data: GithubData): Record<string, unknown> {
  return {
    accounts: data.users.map((user) => ({ login: user.login, name: user.name })),
    organizations: data.orgs.map((org) => ({ login: org.login, members: Object.keys(org.members) })),
    repositories: data.repos.map((repo) => {
      const fullName = repoFullName(repo);
      return {
        fullName,
        visibility: repo.private ? 'private' : 'public',
        hasIssues: repo.hasIssues,
        htmlUrl: `https://github.com/${fullName}`,
        issues: data.issues
          .filter((issue) => issue.repoId === repo.id)
          .sort((a, b) => b.number - a.number)
          .map((issue) => ({
            number: issue.number,
            kind: issue.isPullRequest ? 'pull_request' : 'issue',
            title: issue.title,
            body: issue.body,
            state: issue.state,
            author: issue.author,
            labels: issue.labels,
            assignees: issue.assignees,
            htmlUrl: `https://github.com/${fullName}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`,
            createdAt: issue.createdAt,
            comments: data.comments
              .filter((comment) => comment.repoId === repo.id && comment.issueNumber === issue.number)
              .map((comment) => ({
                author: comment.author,
                body: comment.body,
                createdAt: comment.createdAt,
              })),
          })),
      };
    }),
  };
}
