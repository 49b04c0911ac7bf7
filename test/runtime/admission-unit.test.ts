import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../local/twenty/config/settings.ts';
import { Admission, RunRefusedError } from '../../local/twenty/functions/admission.ts';

describe('Admission of function runs', () => {
  it('hands a freed slot to the lanes in turn, so a flood on one lane does not starve another', async () => {
    const admission = new Admission(1);
    const first = await admission.acquire('background');
    const order: string[] = [];
    const wait = (lane: 'background' | 'route') =>
      admission.acquire(lane).then((release) => {
        order.push(lane);
        release();
      });
    const waiting = [wait('background'), wait('background'), wait('background'), wait('route')];
    first();
    await Promise.all(waiting);
    expect(order.indexOf('route')).toBeLessThanOrEqual(1);
    expect(admission.stats()).toMatchObject({ running: 0, queued: { background: 0, route: 0 } });
  });

  it('refuses an interactive call past its queue but lets background triggers wait without a bound', async () => {
    const admission = new Admission(1);
    const release = await admission.acquire('route');
    const queued = Array.from({ length: 4 }, () => admission.acquire('route'));
    await expect(admission.acquire('route')).rejects.toBeInstanceOf(RunRefusedError);
    const background = Array.from({ length: 50 }, () => admission.acquire('background'));
    expect(admission.stats().queued.background).toBe(50);
    release();
    await Promise.all([...queued, ...background].map((next) => next.then((done) => done())));
    expect(admission.stats()).toMatchObject({ running: 0, refused: { route: 1, background: 0 } });
  });
});

describe('The maxConcurrentRuns setting', () => {
  it('reads TWENTY_CONNECT_MAX_CONCURRENT_RUNS and refuses a pool of none', () => {
    expect(loadSettings('/nonexistent', { TWENTY_CONNECT_MAX_CONCURRENT_RUNS: '3' }).maxConcurrentRuns).toBe(
      3,
    );
    expect(loadSettings('/nonexistent', {}).maxConcurrentRuns).toBeUndefined();
    expect(() => loadSettings('/nonexistent', { TWENTY_CONNECT_MAX_CONCURRENT_RUNS: '0' })).toThrow(
      SettingsError,
    );
  });
});
