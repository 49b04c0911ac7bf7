import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** Written by the app when a work item is linked to the record (no `emit`: explicit events only, docs/events-sources.md §B4). */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemLinked,
  name: 'workItemLinked',
  label: 'linked',
  icon: 'IconLink',
});
