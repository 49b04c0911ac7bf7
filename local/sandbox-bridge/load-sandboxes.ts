import type { ProviderName } from '../sandboxes/index.ts';
import type { Sandbox } from '../sandboxes/sandbox.ts';

/**
 * The sandbox providers (`local/sandboxes/index.ts`, `createSandboxes()`), loaded by path so the runtime
 * still starts (with no sandboxes) while that module is missing or broken.
 */
export const loadSandboxes = async (
  log: (message: string) => void,
): Promise<Partial<Record<ProviderName, Sandbox>>> => {
  const path = new URL('../sandboxes/index.ts', import.meta.url).href;
  try {
    const module = (await import(path)) as { createSandboxes?: () => Record<ProviderName, Sandbox> };
    if (typeof module.createSandboxes !== 'function') throw new Error('it does not export createSandboxes()');
    return module.createSandboxes();
  } catch (error) {
    log(`Sandbox providers are unavailable (${(error as Error).message}); only live providers will work.`);
    return {};
  }
};
