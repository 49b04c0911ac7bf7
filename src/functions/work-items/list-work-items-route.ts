import { defineLogicFunction } from 'twenty-sdk/define';
import { route } from '../../core/handlers';
import { listInput, listItems } from './list';

export default defineLogicFunction(
  route({
    universalIdentifier: 'd5a2e7c1-4f08-4b3d-8c6e-91b0f3a7e214',
    name: 'list-work-items-route',
    description:
      'POST <functions URL>/work-items/list: the work linked to a record from JSON { record: { object, id }, refresh? }, with current status. Answers 200.',
    path: '/work-items/list',
    input: listInput,
    timeoutSeconds: 30,
    successStatus: 200,
    run: listItems,
  }),
);
