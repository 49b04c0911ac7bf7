import { describe, expect, it } from 'vitest';
import { classifyLinear } from '../../../src/providers/linear/linear.errors.ts';

const RATELIMITED = { errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] };
const NOW = Date.now();
const IN_A_MINUTE = NOW + 60_000;
const IN_AN_HOUR = NOW + 3_600_000;

const retryAtFor = (headers: Record<string, string>) =>
  classifyLinear(new Response(null, { status: 400, headers }), RATELIMITED)?.retryAt?.getTime();

const plenty = {
  'x-ratelimit-requests-remaining': '4000',
  'x-ratelimit-requests-reset': String(IN_AN_HOUR),
  'x-complexity': '12',
  'x-ratelimit-complexity-remaining': '150000',
  'x-ratelimit-complexity-reset': String(IN_AN_HOUR),
};

describe('Linear rate-limit classification', () => {
  it('takes the reset of the exhausted endpoint bucket, not the first reset header present', () => {
    expect(
      retryAtFor({
        ...plenty,
        'x-ratelimit-endpoint-requests-remaining': '0',
        'x-ratelimit-endpoint-requests-reset': String(IN_A_MINUTE),
      }),
    ).toBe(IN_A_MINUTE);
  });

  it('takes the complexity reset when what is left is less than this query costs', () => {
    const complexityReset = NOW + 1_800_000;
    expect(
      retryAtFor({
        ...plenty,
        'x-complexity': '9811',
        'x-ratelimit-complexity-remaining': '4000',
        'x-ratelimit-complexity-reset': String(complexityReset),
      }),
    ).toBe(complexityReset);
  });

  it('takes the requests reset when the requests bucket is empty, reading seconds as the older docs had them', () => {
    const seconds = Math.floor(IN_AN_HOUR / 1000);
    expect(
      retryAtFor({
        ...plenty,
        'x-ratelimit-requests-remaining': '0',
        'x-ratelimit-requests-reset': String(seconds),
      }),
    ).toBe(seconds * 1000);
  });

  it('honours retry-after before any bucket, as Linear’s SDK does', () => {
    const at = retryAtFor({
      ...plenty,
      'retry-after': '7',
      'x-ratelimit-requests-remaining': '0',
    });
    expect(at).toBeGreaterThanOrEqual(NOW + 7_000);
    expect(at).toBeLessThan(Date.now() + 8_000);
  });

  it('leaves the time open when no bucket says it is exhausted', () => {
    const failure = classifyLinear(new Response(null, { status: 400, headers: plenty }), RATELIMITED);
    expect(failure).toMatchObject({ code: 'RATE_LIMITED' });
    expect(failure?.retryAt).toBeUndefined();
  });
});
