import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { listInput, listItems } from './list';

export default defineLogicFunction(
  tool({
    universalIdentifier: '0c6f3b2e-8d41-4a97-b5e2-7f19a4c3d805',
    name: 'list-work-items',
    description:
      'List the work items (issues, pull requests and messages at the connected providers) linked to a Twenty company, person or opportunity, ' +
      "with their current status (refreshed upstream with the caller's connections). A company's list includes " +
      'what is linked to its people and opportunities; `via` names that record. Items your connections cannot ' +
      'see keep their last stored status.',
    input: listInput,
    timeoutSeconds: 30,
    run: listItems,
  }),
);
