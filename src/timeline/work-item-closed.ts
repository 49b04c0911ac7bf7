import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The linked GitHub issue or pull request was closed. */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemClosed,
  name: 'workItemClosed',
  label: 'closed',
  icon: 'IconCircleX',
});
