import { existsSync } from 'node:fs';
import type { ProviderSpec } from '../../src/core/provider.ts';
import { PROVIDERS } from '../../src/providers/index.ts';
import type { Check, ProbeContext } from './probe-kit.ts';

export type DoctorProvider = {
  spec: ProviderSpec;
  /** The scopes the app's connection-provider definition requests. */
  requestedScopes: readonly string[];
  probe: (ctx: ProbeContext) => Promise<Check[]>;
};

type Probe = DoctorProvider['probe'];

/** `defineConnectionProvider` returns `{ success, config }`; the doctor reads the requested scopes from it. */
const scopesOf = (definition: unknown): string[] =>
  (definition as { config?: { oauth?: { scopes?: string[] } } }).config?.oauth?.scopes ?? [];

/** A provider's live probe is `probes/<name>.probe.ts`, exporting one `probe…` function; it may have none. */
const probeOf = async (spec: ProviderSpec): Promise<Probe> => {
  const file = new URL(`./probes/${spec.name}.probe.ts`, import.meta.url);
  if (!existsSync(file)) {
    return async () => [
      {
        check: 'live check',
        status: 'skip',
        detail: `The doctor has no live check for ${spec.displayName} yet (local/doctor/probes/${spec.name}.probe.ts).`,
      },
    ];
  }
  const module = (await import(file.href)) as Record<string, unknown>;
  const probe = Object.entries(module).find(
    ([key, value]) => key.startsWith('probe') && typeof value === 'function',
  );
  if (!probe) throw new Error(`local/doctor/probes/${spec.name}.probe.ts exports no probe… function.`);
  return probe[1] as Probe;
};

const definitionOf = async (spec: ProviderSpec): Promise<unknown> =>
  (await import(`../../src/providers/${spec.name}/${spec.name}.connection-provider.ts`)).default;

/** The app's providers (`src/providers/index.ts`), in its order, each with its requested scopes and probe. */
export const DOCTOR_PROVIDERS: DoctorProvider[] = await Promise.all(
  PROVIDERS.map(async (spec) => ({
    spec,
    requestedScopes: scopesOf(await definitionOf(spec)),
    probe: await probeOf(spec),
  })),
);
