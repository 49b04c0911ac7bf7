import { describe, expect, it } from 'vitest';
import { createTokenFetch } from '../../local/twenty/oauth/token-response-normaliser.ts';

const upstream = (body: string, init: ResponseInit & { type?: string } = {}) => {
  const seen: { headers?: Headers; body?: unknown } = {};
  const fetchImpl = (async (_url: string, request: RequestInit) => {
    seen.headers = new Headers(request.headers);
    seen.body = request.body;
    return new Response(body, {
      status: init.status ?? 200,
      headers: { 'content-type': init.type ?? 'application/json' },
    });
  }) as unknown as typeof fetch;
  return { fetchImpl, seen };
};

const form = () =>
  new URLSearchParams({ grant_type: 'authorization_code', code: 'c', client_id: 'id', client_secret: 's' });

describe('token responses, normalised where providers bend OAuth', () => {
  it('sends a JSON body with Accept: application/json when the provider asks for json', async () => {
    const { fetchImpl, seen } = upstream('{"access_token":"a","token_type":"bearer"}');
    await createTokenFetch({ contentType: 'json', fetchImpl })('https://x/token', {
      method: 'POST',
      body: form(),
    });
    expect(seen.headers?.get('content-type')).toBe('application/json');
    expect(seen.headers?.get('accept')).toBe('application/json');
    expect(JSON.parse(String(seen.body))).toMatchObject({ code: 'c', client_id: 'id', client_secret: 's' });
  });

  it("parses GitHub's form-encoded token response", async () => {
    const { fetchImpl } = upstream('access_token=gho_abc&scope=repo%2Cgist&token_type=bearer', {
      type: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    const response = await createTokenFetch({ contentType: 'form-urlencoded', fetchImpl })('https://x', {
      body: form(),
    });
    expect(await response.json()).toEqual({
      access_token: 'gho_abc',
      scope: 'repo,gist',
      token_type: 'bearer',
    });
  });

  it("turns GitHub's HTTP 200 error body and Slack's ok:false into OAuth errors", async () => {
    for (const body of [
      '{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}',
      '{"ok":false,"error":"invalid_code"}',
    ]) {
      const { fetchImpl } = upstream(body);
      const response = await createTokenFetch({ contentType: 'form-urlencoded', fetchImpl })('https://x', {
        body: form(),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(/bad_verification_code|invalid_code/);
    }
  });

  it("accepts Slack's token_type bot and Linear's legacy scope array", async () => {
    const { fetchImpl } = upstream(
      '{"ok":true,"access_token":"xoxb-1","token_type":"bot","scope":["read","write"]}',
    );
    const response = await createTokenFetch({ contentType: 'form-urlencoded', fetchImpl })('https://x', {
      body: form(),
    });
    expect(await response.json()).toMatchObject({
      access_token: 'xoxb-1',
      token_type: 'bearer',
      scope: 'read write',
    });
  });
});
