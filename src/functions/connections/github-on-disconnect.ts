import { defineLogicFunction } from 'twenty-sdk/define';
import { github } from '../../providers/github/github.provider';
import { revokeGithub } from '../../providers/github/github.revoke';
import { disconnectHook } from './disconnect-hook';

export default defineLogicFunction(
  disconnectHook({ universalIdentifier: github.ids.onDisconnect, provider: github, revoke: revokeGithub }),
);
