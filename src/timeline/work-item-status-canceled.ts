import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The linked work item was canceled (or marked duplicate). */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemStatusCanceled,
  name: 'workItemStatusCanceled',
  label: 'canceled',
  icon: 'IconCircleX',
});
