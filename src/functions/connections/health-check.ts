import { type ApplicationHealthCheckResult, defineHealthCheck } from 'twenty-sdk/define';
import { isProviderConfigured, listNames, type ProviderSpec } from '../../core/provider';
import { PROVIDERS } from '../../providers';

/**
 * Both result shapes: SDK 2.43 types `title`/`description`, while newer Twenty servers validate a result by
 * `status` and `message` (one with only `title`/`description` becomes UNKNOWN there).
 */
type HealthResult = ApplicationHealthCheckResult & { message: string };

/** Tells the server admin which providers still need their OAuth client id and secret. */
export default defineHealthCheck({
  universalIdentifier: 'c104b249-a150-4198-8833-856e7a65f79a',
  name: 'health-check',
  description: `Reports which of ${listNames(PROVIDERS)} have their OAuth client configured.`,
  timeoutSeconds: 10,
  handler: (): HealthResult => {
    const providers: readonly ProviderSpec[] = PROVIDERS;
    const missing = providers.filter((p) => !isProviderConfigured(p));
    if (missing.length === 0) return { status: 'OK', message: `${listNames(providers)} are configured.` };
    const ready = providers.filter((p) => !missing.includes(p)).map((p) => p.displayName);
    const title = ready.length
      ? `Ready: ${ready.join(', ')}. Not configured: ${missing.map((p) => p.displayName).join(', ')}.`
      : 'No provider is configured yet.';
    const description = `Fill ${missing.map((p) => `${p.clientIdVariable}/${p.clientSecretVariable}`).join(', ')} to enable the rest (see the README's admin setup). Unconfigured providers are simply unavailable.`;
    return {
      status: missing.length === providers.length ? 'WARNING' : 'INFO',
      title,
      description,
      message: `${title} ${description}`,
    };
  },
});
