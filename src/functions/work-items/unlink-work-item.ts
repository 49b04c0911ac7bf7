import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { unlinkInput, unlinkItem } from './unlink';

export default defineLogicFunction(
  tool({
    universalIdentifier: '9b4e6a13-c7d2-4f85-a0e9-2d6c8b51f347',
    name: 'unlink-work-item',
    description:
      'Unlink a work item (an issue, pull request or message) from a Twenty company, person or opportunity (nothing changes ' +
      'upstream). Give the identifier or URL as list-work-items shows it, or its workItemId.',
    input: unlinkInput,
    timeoutSeconds: 20,
    run: unlinkItem,
  }),
);
