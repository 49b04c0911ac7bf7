import { defineLogicFunction } from 'twenty-sdk/define';
import { listConnections } from 'twenty-sdk/logic-function';
import { usableConnections } from '../../core/connection-choice';
import { tool } from '../../core/handlers';
import { readIdentity } from '../../core/identity';
import { objectInput } from '../../core/input';
import { isProviderConfigured, listNames } from '../../core/provider';
import { PROVIDERS } from '../../providers';

const input = objectInput({});

export default defineLogicFunction(
  tool({
    universalIdentifier: 'f81e5886-56e1-4921-905b-f4e35c2530ef',
    name: 'connections-status',
    description:
      `Which of ${listNames(PROVIDERS)} are set up, which connections the caller may use (their own "Just for ` +
      'me" ones and the workspace-shared ones, by name and upstream account) and which need reconnecting. Call it ' +
      'before other tools to pick the `connection` argument or to explain a "not connected" error.',
    input,
    timeoutSeconds: 20,
    run: async (_args, run) => {
      const all = await listConnections();
      const providers = PROVIDERS.map(async (provider) => ({
        provider: provider.name,
        configured: isProviderConfigured(provider),
        connections: await Promise.all(
          usableConnections(all, provider, run.caller).map(async (c) => ({
            id: c.id,
            name: c.name,
            visibility: c.visibility === 'user' ? 'just for me' : 'workspace shared',
            account: (await readIdentity(c.id))?.account ?? null,
            status: c.authFailedAt ? 'needs reconnecting' : 'ok',
            ...(c.authFailedAt ? { reason: c.authFailedReason } : {}),
          })),
        ),
      }));
      return {
        actingAs: run.caller.kind === 'member' ? 'member' : 'workspace',
        providers: await Promise.all(providers),
      };
    },
  }),
);
