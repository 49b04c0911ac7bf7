/** A parsed issue-search query (`q`), covering the qualifiers the sandbox supports. */
export type IssueQuery = {
  repos: string[];
  owners: string[];
  kind?: 'issue' | 'pr';
  state?: 'open' | 'closed';
  authors: string[];
  assignees: string[];
  labels: string[];
  /** Where free text is matched (`in:title,body,comments`); title and body by default. */
  in: Set<'title' | 'body' | 'comments'>;
  terms: string[];
};

const TOKEN = /(-?)([A-Za-z][\w-]*):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g;

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/**
 * Reads GitHub's issue search syntax: `repo:owner/name`, `org:`/`user:`, `is:issue|pr|pull-request|open|closed`,
 * `type:issue|pr`, `state:`, `author:`, `assignee:`, `label:` (quotes allowed), `in:`, and free text (all
 * terms must match, quoted phrases as a whole). Unknown qualifiers are treated as text, as GitHub does.
 */
export function parseIssueQuery(q: string): IssueQuery {
  const query: IssueQuery = {
    repos: [],
    owners: [],
    authors: [],
    assignees: [],
    labels: [],
    in: new Set(),
    terms: [],
  };
  for (const match of q.matchAll(TOKEN)) {
    const [, , qualifier, rawValue, phrase, word] = match;
    if (phrase !== undefined) {
      if (phrase.trim()) query.terms.push(phrase.toLowerCase());
      continue;
    }
    if (word !== undefined) {
      query.terms.push(word.toLowerCase());
      continue;
    }
    const value = unquote(rawValue ?? '');
    const lowerValue = value.toLowerCase();
    switch (qualifier?.toLowerCase()) {
      case 'repo':
        query.repos.push(lowerValue);
        break;
      case 'org':
      case 'user':
        query.owners.push(lowerValue);
        break;
      case 'is':
      case 'type':
      case 'state':
        if (lowerValue === 'issue') query.kind = 'issue';
        else if (lowerValue === 'pr' || lowerValue === 'pull-request') query.kind = 'pr';
        else if (lowerValue === 'open' || lowerValue === 'closed') query.state = lowerValue;
        break;
      case 'author':
        query.authors.push(lowerValue);
        break;
      case 'assignee':
        query.assignees.push(lowerValue);
        break;
      case 'label':
        query.labels.push(lowerValue);
        break;
      case 'in':
        for (const field of lowerValue.split(',')) {
          if (field === 'title' || field === 'body' || field === 'comments') query.in.add(field);
        }
        break;
      default:
        query.terms.push(match[0].toLowerCase());
    }
  }
  if (query.in.size === 0) {
    query.in.add('title');
    query.in.add('body');
  }
  return query;
}
