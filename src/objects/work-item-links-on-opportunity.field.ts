import {
  defineField,
  FieldType,
  RelationType,
  STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD,
} from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The opportunity side of `workItemLink.opportunity`: the work items linked to this opportunity. */
export default defineField({
  universalIdentifier: IDS.fields.opportunity.workItemLinks,
  objectUniversalIdentifier: STANDARD.opportunity.universalIdentifier,
  type: FieldType.RELATION,
  name: 'workItemLinks',
  label: 'Work items',
  icon: 'IconChecklist',
  relationTargetObjectMetadataUniversalIdentifier: IDS.objects.workItemLink,
  relationTargetFieldMetadataUniversalIdentifier: IDS.fields.workItemLink.opportunity,
  universalSettings: { relationType: RelationType.ONE_TO_MANY },
});
