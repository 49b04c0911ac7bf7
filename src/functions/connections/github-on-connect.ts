import { defineLogicFunction } from 'twenty-sdk/define';
import { backgroundHandler } from '../../core/handlers';
import { githubRequest, githubUrl } from '../../providers/github/github.client';
import { github } from '../../providers/github/github.provider';
import { type HookPayload, recordIdentity } from './record-identity';

export default defineLogicFunction({
  universalIdentifier: github.ids.onConnect,
  name: 'github-on-connect',
  description: 'After a GitHub connection is added, records its GitHub login.',
  timeoutSeconds: 20,
  handler: backgroundHandler({
    trigger: 'hook',
    timeoutSeconds: 20,
    run: (payload: HookPayload, run) =>
      recordIdentity(github, payload, run, async (session) => {
        const { body } = await githubRequest<{ login: string; id: number; name: string | null }>(session, {
          operation: 'identify the account',
          method: 'GET',
          url: githubUrl(['user']),
        });
        return {
          account: body.name ? `${body.login} (${body.name})` : body.login,
          details: { login: body.login, id: String(body.id) },
        };
      }),
  }),
});
