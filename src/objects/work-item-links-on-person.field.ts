import {
  defineField,
  FieldType,
  RelationType,
  STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD,
} from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The person side of `workItemLink.person`: the work items linked to this person. */
export default defineField({
  universalIdentifier: IDS.fields.person.workItemLinks,
  objectUniversalIdentifier: STANDARD.person.universalIdentifier,
  type: FieldType.RELATION,
  name: 'workItemLinks',
  label: 'Work items',
  icon: 'IconChecklist',
  relationTargetObjectMetadataUniversalIdentifier: IDS.objects.workItemLink,
  relationTargetFieldMetadataUniversalIdentifier: IDS.fields.workItemLink.person,
  universalSettings: { relationType: RelationType.ONE_TO_MANY },
});
