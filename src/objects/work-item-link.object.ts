import {
  defineObject,
  FieldType,
  OnDeleteAction,
  RelationType,
  STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD,
} from 'twenty-sdk/define';
import { IDS } from '../universal-identifiers';

const F = IDS.fields.workItemLink;

/** A MANY_TO_ONE relation from a link to `target`, deleted with it (CASCADE), joined on `<name>Id`. */
const toOne = (
  universalIdentifier: string,
  name: string,
  label: string,
  target: string,
  targetField: string,
  icon: string,
) => ({
  universalIdentifier,
  name,
  type: FieldType.RELATION as const,
  label,
  icon,
  isNullable: true,
  relationTargetObjectMetadataUniversalIdentifier: target,
  relationTargetFieldMetadataUniversalIdentifier: targetField,
  universalSettings: {
    relationType: RelationType.MANY_TO_ONE,
    onDelete: OnDeleteAction.CASCADE,
    joinColumnName: `${name}Id`,
  },
});

/**
 * One row per (work item, record): exactly one of company, person, opportunity is set. A work item may
 * concern several records; `src/core/crm.ts` finds before it creates, so linking twice never duplicates.
 */
export default defineObject({
  universalIdentifier: IDS.objects.workItemLink,
  nameSingular: 'workItemLink',
  namePlural: 'workItemLinks',
  labelSingular: 'Work item link',
  labelPlural: 'Work item links',
  description: 'Links a work item to a company, person or opportunity.',
  icon: 'IconLink',
  labelIdentifierFieldMetadataUniversalIdentifier: F.label,
  fields: [
    { universalIdentifier: F.label, name: 'label', type: FieldType.TEXT, label: 'Label', icon: 'IconAbc' },
    toOne(
      F.workItem,
      'workItem',
      'Work item',
      IDS.objects.workItem,
      IDS.fields.workItem.links,
      'IconChecklist',
    ),
    toOne(
      F.company,
      'company',
      'Company',
      STANDARD.company.universalIdentifier,
      IDS.fields.company.workItemLinks,
      'IconBuildingSkyscraper',
    ),
    toOne(
      F.person,
      'person',
      'Person',
      STANDARD.person.universalIdentifier,
      IDS.fields.person.workItemLinks,
      'IconUser',
    ),
    toOne(
      F.opportunity,
      'opportunity',
      'Opportunity',
      STANDARD.opportunity.universalIdentifier,
      IDS.fields.opportunity.workItemLinks,
      'IconTargetArrow',
    ),
    {
      universalIdentifier: F.linkedByWorkspaceMemberId,
      name: 'linkedByWorkspaceMemberId',
      type: FieldType.TEXT,
      label: 'Linked by',
      description: 'Workspace member who linked it; empty for automations.',
      icon: 'IconUserCheck',
    },
    {
      universalIdentifier: F.customerNeedId,
      name: 'customerNeedId',
      type: FieldType.TEXT,
      label: 'Linear customer request',
      description: 'Id of the Linear customer request created for this link.',
      icon: 'IconMessageCircle',
    },
  ],
});
