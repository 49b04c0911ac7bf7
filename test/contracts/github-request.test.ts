import { describe, expect, it } from 'vitest';
import { assertGithubRequest } from './checks/github-request.ts';

const api = 'https://api.github.com';

describe('assertGithubRequest', () => {
  it('returns the operationId of each operation the app uses', () => {
    const calls = [
      { method: 'GET', url: `${api}/user` },
      { method: 'GET', url: `${api}/user/repos?per_page=100&page=2&sort=updated` },
      { method: 'GET', url: `${api}/search/issues?q=is%3Aissue+repo%3Aocto%2Fhello+crash&per_page=20` },
      { method: 'POST', url: `${api}/repos/octo/hello/issues`, body: { title: 'Crash', labels: ['bug'] } },
      { method: 'POST', url: `${api}/repos/octo/hello/issues/12/comments`, body: '{"body":"Seen too"}' },
      { method: 'DELETE', url: `${api}/applications/Iv1.8a61f9b3/token`, body: { access_token: 'x' } },
      { method: 'get', url: '/user/installations?per_page=100' },
      { method: 'GET', url: `${api}/rate_limit` },
      { method: 'GET', url: `${api}/repos/octo/hello/issues/12` },
      { method: 'GET', url: `${api}/repos/octo/hello` },
      {
        method: 'GET',
        url: `${api}/repos/octo/hello/issues?state=all&since=2026-11-28T10%3A00%3A00Z&sort=updated&direction=asc&per_page=100`,
      },
    ];
    expect(calls.map((call) => assertGithubRequest(call))).toEqual([
      'users/get-authenticated',
      'repos/list-for-authenticated-user',
      'search/issues-and-pull-requests',
      'issues/create',
      'issues/create-comment',
      'apps/delete-token',
      'apps/list-installations-for-authenticated-user',
      'rate-limit/get',
      'issues/get',
      'repos/get',
      'issues/list-for-repo',
    ]);
  });

  it('checks the work-item reads: an integer issue number, no body, no stray query', () => {
    expect(() => assertGithubRequest({ method: 'GET', url: `${api}/repos/octo/hello/issues/12a` })).toThrow(
      /\{issue_number\} "12a" must be an integer/,
    );
    expect(() =>
      assertGithubRequest({ method: 'GET', url: `${api}/repos/octo/hello/issues/12`, body: { a: 1 } }),
    ).toThrow(/takes no request body/);
    expect(() => assertGithubRequest({ method: 'GET', url: `${api}/repos/octo/hello?private=1` })).toThrow(
      /"private" is not defined/,
    );
  });

  it('checks the repository poll: known states and sort orders, a date-time since', () => {
    const list = `${api}/repos/octo/hello/issues`;
    expect(() => assertGithubRequest({ method: 'GET', url: `${list}?state=any` })).toThrow(/state/);
    expect(() => assertGithubRequest({ method: 'GET', url: `${list}?sort=title` })).toThrow(/sort/);
    expect(() => assertGithubRequest({ method: 'GET', url: `${list}?since=yesterday` })).toThrow(/since/);
  });

  it('accepts percent-encoded path segments, decoding each segment on its own', () => {
    const url = `${api}/repos/${encodeURIComponent('my-org')}/${encodeURIComponent('repo.js')}/issues`;
    expect(assertGithubRequest({ method: 'POST', url, body: { title: 'x' } })).toBe('issues/create');
  });

  it('rejects a segment with an unencoded space', () => {
    const call = { method: 'POST', url: `${api}/repos/octo/hello world/issues`, body: { title: 'x' } };
    expect(() => assertGithubRequest(call)).toThrow(
      /\{repo\} "hello world" has characters that must be percent-encoded/,
    );
  });

  it('rejects a raw slash inside a value, which shifts the path onto no operation', () => {
    const call = { method: 'POST', url: `${api}/repos/octo/team/hello/issues`, body: { title: 'x' } };
    expect(() => assertGithubRequest(call)).toThrow(/matches no operation/);
  });

  it('rejects dot segments, raw or encoded', () => {
    for (const owner of ['..', '%2E%2E', '..%2Fother']) {
      const call = { method: 'POST', url: `${api}/repos/${owner}/hello/issues`, body: { title: 'x' } };
      expect(() => assertGithubRequest(call)).toThrow(/\{owner\} .* contains a dot segment/);
    }
  });

  it('rejects invalid percent-encoding', () => {
    const call = { method: 'POST', url: `${api}/repos/%E0%A4/hello/issues`, body: { title: 'x' } };
    expect(() => assertGithubRequest(call)).toThrow(/not valid percent-encoded UTF-8/);
  });

  it('rejects a non-integer issue number', () => {
    const call = {
      method: 'POST',
      url: `${api}/repos/octo/hello/issues/ENG-1/comments`,
      body: { body: 'x' },
    };
    expect(() => assertGithubRequest(call)).toThrow(/\{issue_number\} "ENG-1" must be an integer/);
  });

  it('rejects a missing required body field', () => {
    const call = { method: 'POST', url: `${api}/repos/octo/hello/issues`, body: { body: 'no title' } };
    expect(() => assertGithubRequest(call)).toThrow(/body\.title is required but missing/);
  });

  it('rejects a body field of the wrong type', () => {
    const call = {
      method: 'POST',
      url: `${api}/repos/octo/hello/issues`,
      body: { title: 'x', labels: 'bug' },
    };
    expect(() => assertGithubRequest(call)).toThrow(/body\.labels is string but must be array/);
  });

  it('rejects an unknown body field', () => {
    const call = {
      method: 'POST',
      url: `${api}/repos/octo/hello/issues`,
      body: { title: 'x', label: 'bug' },
    };
    expect(() => assertGithubRequest(call)).toThrow(/body\.label is not a known field/);
  });

  it('rejects a missing required JSON body and a body that is not JSON', () => {
    const url = `${api}/repos/octo/hello/issues/1/comments`;
    expect(() => assertGithubRequest({ method: 'POST', url })).toThrow(/JSON request body is required/);
    expect(() => assertGithubRequest({ method: 'POST', url, body: 'body=x' })).toThrow(/not valid JSON/);
  });

  it('rejects a missing required query parameter', () => {
    expect(() => assertGithubRequest({ method: 'GET', url: `${api}/search/issues?per_page=5` })).toThrow(
      /query parameter "q" is required/,
    );
  });

  it('rejects an unknown query parameter and a bad enum value', () => {
    const url = `${api}/user/repos?perpage=5&sort=stars`;
    expect(() => assertGithubRequest({ method: 'GET', url })).toThrow(
      /"perpage" is not defined[\s\S]*"sort" is "stars"/,
    );
  });

  it('rejects a body on an operation that takes none', () => {
    expect(() => assertGithubRequest({ method: 'GET', url: `${api}/user`, body: { a: 1 } })).toThrow(
      /takes no request body/,
    );
  });

  it('rejects a method the path does not have', () => {
    expect(() => assertGithubRequest({ method: 'PATCH', url: `${api}/rate_limit` })).toThrow(
      /matches no operation/,
    );
  });

  it('rejects a URL on another host', () => {
    expect(() => assertGithubRequest({ method: 'GET', url: 'https://github.example.com/user' })).toThrow(
      /is not under https:\/\/api.github.com/,
    );
  });

  it('accepts another base URL when told, for requests sent to a local stand-in', () => {
    const call = {
      method: 'GET',
      url: 'http://127.0.0.1:4010/github/user',
      baseUrl: 'http://127.0.0.1:4010/github',
    };
    expect(assertGithubRequest(call)).toBe('users/get-authenticated');
  });
});
