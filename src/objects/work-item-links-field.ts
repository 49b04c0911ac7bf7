import {
  FieldType,
  RelationType,
  STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD,
} from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

/**
 * The record side of `workItemLink.<object>`: a "Work items" field on a company, person or opportunity listing
 * the work items linked to it. Each `*.field.ts` file defines one (the SDK's build finds `export default
 * defineField(...)` per file).
 */
export const workItemLinksOn = (object: 'company' | 'person' | 'opportunity') => ({
  universalIdentifier: IDS.fields[object].workItemLinks,
  objectUniversalIdentifier: STANDARD[object].universalIdentifier,
  type: FieldType.RELATION as const,
  name: 'workItemLinks',
  label: 'Work items',
  icon: 'IconChecklist',
  relationTargetObjectMetadataUniversalIdentifier: IDS.objects.workItemLink,
  relationTargetFieldMetadataUniversalIdentifier: IDS.fields.workItemLink[object],
  universalSettings: { relationType: RelationType.ONE_TO_MANY },
});
