/** The bench's rule for a bundle: at most 160 KB, or over it with a cold import at most 1.2× the SDK-only one's. */
import { describe, expect, it } from 'vitest';
import { bundleResult, bundleSizeGoalBytes, importRatioGoal } from '../../scripts/bench-bundles.ts';

describe('bundleResult', () => {
  it('passes a bundle within the size goal whatever its import time', () => {
    expect(bundleResult(bundleSizeGoalBytes, 3)).toBe('PASS');
  });

  it('passes a bundle over the size goal only when its import is within the ratio', () => {
    expect(bundleResult(bundleSizeGoalBytes + 1, importRatioGoal)).toBe(
      'PASS (over size, import within 1.2×)',
    );
    expect(bundleResult(bundleSizeGoalBytes + 1, importRatioGoal + 0.01)).toBe('OVER');
  });
});
