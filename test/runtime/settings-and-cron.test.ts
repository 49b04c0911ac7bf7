import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../local/twenty/config/settings.ts';
import { parseCron } from '../../local/twenty/functions/cron-schedule.ts';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const projectWith = (rc: string | null) => {
  const dir = mkdtempSync(join(tmpdir(), 'twenty-connect-rc-'));
  made.push(dir);
  if (rc !== null) writeFileSync(join(dir, '.twentyrc'), rc);
  return dir;
};

describe('runtime settings', () => {
  it('reads .twentyrc and lets env override it, resolving dataDir against the project', () => {
    const dir = projectWith(JSON.stringify({ runtime: { port: 5000, mode: 'live', dataDir: 'store' } }));
    expect(loadSettings(dir, {})).toEqual({
      host: '127.0.0.1',
      port: 5000,
      dataDir: join(dir, 'store'),
      mode: 'live',
      mcpAccessTokenTtl: 600,
      twentyExact: false,
      runHistory: 1000,
      watch: true,
      retryBackoffScale: 1,
    });
    expect(
      loadSettings(dir, {
        TWENTY_CONNECT_PORT: '0',
        TWENTY_CONNECT_MODE: 'sandbox',
        TWENTY_CONNECT_MCP_ACCESS_TOKEN_TTL: '120',
        TWENTY_CONNECT_RETRY_BACKOFF_SCALE: '0.01',
      }),
    ).toMatchObject({ port: 0, mode: 'sandbox', mcpAccessTokenTtl: 120, retryBackoffScale: 0.01 });
  });

  it('reads twentyExact from .twentyrc or TWENTY_CONNECT_TWENTY_EXACT, and refuses anything but a boolean', () => {
    const dir = projectWith(JSON.stringify({ runtime: { twentyExact: true } }));
    expect(loadSettings(dir, {}).twentyExact).toBe(true);
    expect(loadSettings(dir, { TWENTY_CONNECT_TWENTY_EXACT: 'false' }).twentyExact).toBe(false);
    expect(loadSettings(projectWith(null), { TWENTY_CONNECT_TWENTY_EXACT: '1' }).twentyExact).toBe(true);
    expect(() => loadSettings(projectWith(null), { TWENTY_CONNECT_TWENTY_EXACT: 'yes' })).toThrow(
      /twentyExact must be true or false/,
    );
  });

  it('uses safe defaults without a .twentyrc', () => {
    expect(loadSettings(projectWith(null), {})).toMatchObject({
      host: '127.0.0.1',
      port: 4020,
      mode: 'sandbox',
    });
  });

  it('explains what is wrong', () => {
    expect(() => loadSettings(projectWith('{nope'), {})).toThrow(/not valid JSON/);
    expect(() => loadSettings(projectWith(null), { TWENTY_CONNECT_PORT: '70000' })).toThrow(
      /port must be between 0 and 65535/,
    );
    expect(() => loadSettings(projectWith(null), { TWENTY_CONNECT_MODE: 'prod' })).toThrow(
      /mode must be "sandbox" or "live"/,
    );
  });
});

describe('cron schedule', () => {
  const at = (text: string) => new Date(`${text}Z`);

  it('finds the next minute matching each field, in UTC', () => {
    expect(parseCron('*/15 * * * *').next(at('2026-01-05T10:07:30')).getTime()).toBe(
      at('2026-01-05T10:15:00').getTime(),
    );
    expect(parseCron('0 9 * * 1').next(at('2026-01-05T09:00:00')).getTime()).toBe(
      at('2026-01-12T09:00:00').getTime(),
    );
    expect(parseCron('30 8 1 jan,jul *').next(at('2026-02-01T00:00:00')).getTime()).toBe(
      at('2026-07-01T08:30:00').getTime(),
    );
    expect(parseCron('0 0 29 2 *').next(at('2026-03-01T00:00:00')).getTime()).toBe(
      at('2028-02-29T00:00:00').getTime(),
    );
  });

  it('combines day-of-month and day-of-week with OR, and treats 7 as Sunday', () => {
    // 2026-01-04 is a Sunday.
    expect(parseCron('0 12 15 * 7').next(at('2026-01-01T00:00:00')).getTime()).toBe(
      at('2026-01-04T12:00:00').getTime(),
    );
  });

  it('evaluates a pattern in UTC whatever TZ the process has (Twenty runs in UTC)', () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ['America/New_York', 'Asia/Tokyo', 'UTC']) {
        process.env.TZ = zone;
        // The digest: weekdays 08:00 UTC. 2026-01-05 is a Monday.
        expect(parseCron('0 8 * * 1-5').next(at('2026-01-05T07:00:00')).toISOString(), zone).toBe(
          '2026-01-05T08:00:00.000Z',
        );
        // Friday 09:00 UTC is already Saturday in Tokyo: the next run is still Monday 08:00 UTC.
        expect(parseCron('0 8 * * 1-5').next(at('2026-01-09T09:00:00')).toISOString(), zone).toBe(
          '2026-01-12T08:00:00.000Z',
        );
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('rejects malformed patterns, saying which and why', () => {
    expect(() => parseCron('* * * *')).toThrow(/"\* \* \* \*" must have 5 fields/);
    expect(() => parseCron('0 * * * * *')).toThrow(/must have 5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow(/"61 \* \* \* \*" is invalid: .*61.*0-59/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/is invalid: .*every 0/);
    expect(() => parseCron('0 0 30 2 *')).toThrow(/is invalid/);
    expect(() => parseCron('0 9 * * xyz')).toThrow(/is invalid/);
  });
});
