import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { linkInput, linkItem } from './link';

export default defineLogicFunction(
  tool({
    universalIdentifier: 'a3c1f0de-5b7e-4d42-9f0a-3e61c8b9d270',
    name: 'link-work-item',
    description:
      'Link an existing Linear issue or GitHub issue/pull request to a Twenty company, person or opportunity, so ' +
      'it shows on that record with its status. Read with your own connection: you can only link what you can ' +
      'see. Linking twice changes nothing. A Linear issue about a company also gets a Linear customer request ' +
      'for that company. Returns the record, the item and who can now see it.',
    input: linkInput,
    timeoutSeconds: 30,
    run: linkItem,
  }),
);
