import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** Someone commented on the linked work item upstream. */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemCommented,
  name: 'workItemCommented',
  label: 'commented on',
  icon: 'IconMessage',
});
