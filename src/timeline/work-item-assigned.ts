import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The linked work item got a new assignee (properties.to). */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemAssigned,
  name: 'workItemAssigned',
  label: 'assigned',
  icon: 'IconUserCheck',
});
