import { defineLogicFunction } from 'twenty-sdk/define';
import { route } from '../../core/handlers';
import { linkInput, linkItem } from './link';

export default defineLogicFunction(
  route({
    universalIdentifier: '6e0b7d54-2f1c-4b8e-a9d3-58c4e1f07a62',
    name: 'link-work-item-route',
    description:
      'POST <functions URL>/work-items/link: link a Linear or GitHub item to a record from JSON { reference, record: { object, id }, shareWithRecord?, connection? }. Answers 200 with the record and the item.',
    path: '/work-items/link',
    input: linkInput,
    timeoutSeconds: 30,
    successStatus: 200,
    run: linkItem,
  }),
);
