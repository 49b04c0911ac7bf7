import { defineTimelineActivityType } from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The linked pull request was merged (GitHub). */
export default defineTimelineActivityType({
  universalIdentifier: IDS.timelineActivityTypes.workItemMerged,
  name: 'workItemMerged',
  label: 'merged',
  icon: 'IconGitMerge',
});
