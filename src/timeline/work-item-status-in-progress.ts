import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The linked work item moved to a started status. */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemStatusInProgress,
  name: 'workItemStatusInProgress',
  label: 'moved to In Progress',
  icon: 'IconProgress',
});
