import { defineField } from 'twenty-sdk/define';
import { workItemLinksOn } from './work-item-links-field';

/** The opportunity side of `workItemLink.opportunity`: the work items linked to this opportunity. */
export default defineField(workItemLinksOn('opportunity'));
