import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The linked work item was completed. */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemStatusDone,
  name: 'workItemStatusDone',
  label: 'moved to Done',
  icon: 'IconCircleCheck',
});
