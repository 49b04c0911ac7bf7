import { describe, expect, it } from 'vitest';
import { githubUrl } from '../../../src/providers/github/github.client';

describe('githubUrl', () => {
  it('keeps every input a single path segment, slashes and query characters included', () => {
    expect(githubUrl(['repos', 'a/b', 'c?d#e'])).toBe('https://api.github.com/repos/a%2Fb/c%3Fd%23e');
  });

  it('refuses . and .. segments, which a URL would resolve even percent-encoded', () => {
    expect(() => githubUrl(['repos', 'acme', '..', 'issues'])).toThrow(/not a GitHub name/);
    expect(() => githubUrl(['repos', '.', 'web'])).toThrow(/not a GitHub name/);
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
