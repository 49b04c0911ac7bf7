import {
  defineField,
  FieldType,
  RelationType,
  STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD,
} from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/** The company side of `workItemLink.company`: the work items linked to this company. */
export default defineField({
  universalIdentifier: IDS.fields.company.workItemLinks,
  objectUniversalIdentifier: STANDARD.company.universalIdentifier,
  type: FieldType.RELATION,
  name: 'workItemLinks',
  label: 'Work items',
  icon: 'IconChecklist',
  relationTargetObjectMetadataUniversalIdentifier: IDS.objects.workItemLink,
  relationTargetFieldMetadataUniversalIdentifier: IDS.fields.workItemLink.company,
  universalSettings: { relationType: RelationType.ONE_TO_MANY },
});
