import { defineField } from 'twenty-sdk/define';
import { workItemLinksOn } from './work-item-links-field';

/** The person side of `workItemLink.person`: the work items linked to this person. */
export default defineField(workItemLinksOn('person'));
