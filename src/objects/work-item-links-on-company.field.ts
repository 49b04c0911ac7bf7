import { defineField } from 'twenty-sdk/define';
import { workItemLinksOn } from './work-item-links-field';

/** The company side of `workItemLink.company`: the work items linked to this company. */
export default defineField(workItemLinksOn('company'));
