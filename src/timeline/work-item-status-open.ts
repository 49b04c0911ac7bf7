import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The linked work item moved back to an open status. */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemStatusOpen,
  name: 'workItemStatusOpen',
  label: 'reopened',
  icon: 'IconCircleDot',
});
