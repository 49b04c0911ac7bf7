import { describe, expect, it } from 'vitest';
import { githubUrl } from '../../../src/providers/github/github.client';

describe('githubUrl', () => {
  it('keeps every input a single path segment, dots, slashes and query characters included', () => {
    expect(githubUrl(['repos', 'acme', '..', 'issues'])).toBe('https://api.github.com/repos/acme/%2E%2E/issues');
    expect(githubUrl(['repos', '.', 'web'])).toBe('https://api.github.com/repos/%2E/web');
    expect(githubUrl(['repos', 'a/b', 'c?d#e'])).toBe('https://api.github.com/repos/a%2Fb/c%3Fd%23e');
  });

  it('keeps dots inside names as they are', () => {
    expect(githubUrl(['repos', 'acme', 'web.site'])).toBe('https://api.github.com/repos/acme/web.site');
  });

  it('puts query values in the query string, encoded', () => {
    expect(githubUrl(['search', 'issues'], { q: 'repo:acme/web is:open & more', per_page: 5 })).toBe(
      'https://api.github.com/search/issues?q=repo%3Aacme%2Fweb+is%3Aopen+%26+more&per_page=5',
    );
  });
});
