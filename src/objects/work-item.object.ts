import { defineObject, FieldType, RelationType } from 'twenty-sdk/define';
import { PROVIDERS } from '../providers';
import { IDS } from '../universal-identifiers';

const F = IDS.fields.workItem;
/** Option colours, in the order of the app's list of providers. */
const COLORS = ['purple', 'gray', 'green', 'blue', 'orange'] as const;

/**
 * One upstream item (a Linear issue, a GitHub issue or pull request, a Slack message) that customer records
 * link to. Exactly one per (provider, upstreamId): `src/core/crm.ts` finds before it creates. Field shapes as
 * twenty-sdk's `ObjectManifest`/`FieldManifest` (node_modules/twenty-sdk/dist/define/index.d.ts) and Twenty's
 * github-connector app (packages/twenty-apps/community/github-connector/src/modules/github/contributor/objects/contributor.object.ts).
 */
export default defineObject({
  universalIdentifier: IDS.objects.workItem,
  nameSingular: 'workItem',
  namePlural: 'workItems',
  labelSingular: 'Work item',
  labelPlural: 'Work items',
  description: 'An issue, pull request or message at a connected provider, linked to customer records.',
  icon: 'IconChecklist',
  labelIdentifierFieldMetadataUniversalIdentifier: F.title,
  fields: [
    { universalIdentifier: F.title, name: 'title', type: FieldType.TEXT, label: 'Title', icon: 'IconAbc' },
    {
      universalIdentifier: F.provider,
      name: 'provider',
      type: FieldType.SELECT,
      label: 'Provider',
      icon: 'IconPlug',
      // One option per provider of the app's list, its name upper-cased (src/core/crm.ts reads and writes them so).
      options: PROVIDERS.map((provider, position) => ({
        value: provider.name.toUpperCase(),
        label: provider.displayName,
        position,
        color: COLORS[position % COLORS.length]!,
      })),
    },
    {
      universalIdentifier: F.upstreamId,
      name: 'upstreamId',
      type: FieldType.TEXT,
      label: 'Upstream id',
      description:
        "The item's id at its provider: an issue id, owner/repo#number (lower case) or channel:ts.",
      icon: 'IconKey',
    },
    {
      universalIdentifier: F.identifier,
      name: 'identifier',
      type: FieldType.TEXT,
      label: 'Identifier',
      description: 'ENG-42, owner/repo#12, #channel.',
      icon: 'IconHash',
    },
    { universalIdentifier: F.url, name: 'url', type: FieldType.LINKS, label: 'URL', icon: 'IconLink' },
    {
      universalIdentifier: F.status,
      name: 'status',
      type: FieldType.TEXT,
      label: 'Status',
      description: "The provider's own status name.",
      icon: 'IconProgress',
    },
    {
      universalIdentifier: F.statusCategory,
      name: 'statusCategory',
      type: FieldType.SELECT,
      label: 'Status category',
      icon: 'IconCategory',
      options: [
        { value: 'OPEN', label: 'Open', position: 0, color: 'sky' },
        { value: 'IN_PROGRESS', label: 'In progress', position: 1, color: 'amber' },
        { value: 'DONE', label: 'Done', position: 2, color: 'green' },
        { value: 'CANCELED', label: 'Canceled', position: 3, color: 'gray' },
      ],
    },
    {
      universalIdentifier: F.assignee,
      name: 'assignee',
      type: FieldType.TEXT,
      label: 'Assignee',
      description: 'As the provider names them.',
      icon: 'IconUser',
    },
    {
      universalIdentifier: F.lastRefreshedAt,
      name: 'lastRefreshedAt',
      type: FieldType.DATE_TIME,
      label: 'Last refreshed',
      description: 'When the app last read it upstream.',
      icon: 'IconRefresh',
    },
    {
      universalIdentifier: F.upstreamUpdatedAt,
      name: 'upstreamUpdatedAt',
      type: FieldType.DATE_TIME,
      label: 'Updated upstream',
      description: "The provider's own last-update time.",
      icon: 'IconClock',
    },
    {
      universalIdentifier: F.connectionId,
      name: 'connectionId',
      type: FieldType.TEXT,
      label: 'Connection id',
      description: 'The Twenty connection it was made or linked through.',
      icon: 'IconPlugConnected',
    },
    {
      universalIdentifier: F.connectionName,
      name: 'connectionName',
      type: FieldType.TEXT,
      label: 'Connection',
      icon: 'IconPlugConnected',
    },
    {
      universalIdentifier: F.isPrivate,
      name: 'isPrivate',
      type: FieldType.BOOLEAN,
      label: 'Private upstream',
      description: 'Linked through a personal connection from a source not everyone upstream can see.',
      icon: 'IconLock',
      defaultValue: false,
    },
    {
      universalIdentifier: F.etag,
      name: 'etag',
      type: FieldType.TEXT,
      label: 'ETag',
      description: 'GitHub validator of the last full read, for conditional refreshes.',
      icon: 'IconTag',
    },
    {
      universalIdentifier: F.links,
      name: 'links',
      type: FieldType.RELATION,
      label: 'Linked records',
      icon: 'IconLink',
      relationTargetObjectMetadataUniversalIdentifier: IDS.objects.workItemLink,
      relationTargetFieldMetadataUniversalIdentifier: IDS.fields.workItemLink.workItem,
      universalSettings: { relationType: RelationType.ONE_TO_MANY },
    },
  ],
});
