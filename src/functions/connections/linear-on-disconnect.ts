import { defineLogicFunction } from 'twenty-sdk/define';
import { linear } from '../../providers/linear/linear.provider';
import { revokeLinear } from '../../providers/linear/linear.revoke';
import { disconnectHook } from './disconnect-hook';

export default defineLogicFunction(
  disconnectHook({ universalIdentifier: linear.ids.onDisconnect, provider: linear, revoke: revokeLinear }),
);
