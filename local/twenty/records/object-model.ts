import type { AppManifest } from '../build/manifest.ts';

/**
 * The objects the emulated core API serves: Twenty's standard company, person and opportunity (the fields the app
 * and the console use), plus the app's own objects and fields from the built manifest.
 *
 * Names, types and composite shapes from twentyhq/twenty `packages/twenty-server/src/modules/company/standard-
 * objects/company.workspace-entity.ts`, `.../person/standard-objects/person.workspace-entity.ts`, `.../opportunity/
 * standard-objects/opportunity.workspace-entity.ts`; universal identifiers from twenty-sdk's
 * `STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS` (node_modules/twenty-sdk/dist/define).
 */
export type FieldType =
  | 'UUID'
  | 'TEXT'
  | 'NUMBER'
  | 'BOOLEAN'
  | 'DATE_TIME'
  | 'DATE'
  | 'SELECT'
  | 'LINKS'
  | 'EMAILS'
  | 'FULL_NAME'
  | 'CURRENCY'
  | 'RAW_JSON'
  | 'POSITION'
  | 'RELATION';

export type FieldDef = {
  name: string;
  type: FieldType;
  label: string;
  universalIdentifier?: string;
  options?: string[];
  /** RELATION only: the other object, its inverse field, which side this is. */
  relation?: {
    type: 'MANY_TO_ONE' | 'ONE_TO_MANY';
    target: string;
    inverse: string | null;
    onDelete?: string;
  };
};

export type ObjectDef = {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  universalIdentifier: string;
  labelIdentifier: string;
  isStandard: boolean;
  fields: FieldDef[];
};

export const STANDARD_IDS = {
  company: '20202020-b374-4779-a561-80086cb2e17f',
  person: '20202020-e674-48e5-a542-72570eee7213',
  opportunity: '20202020-9549-49dd-b2b2-883999db8938',
} as const;

const f = (name: string, type: FieldType, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  type,
  label,
  ...extra,
});
const manyToOne = (name: string, label: string, target: string, inverse: string) =>
  f(name, 'RELATION', label, { relation: { type: 'MANY_TO_ONE', target, inverse, onDelete: 'SET_NULL' } });
const oneToMany = (name: string, label: string, target: string, inverse: string) =>
  f(name, 'RELATION', label, { relation: { type: 'ONE_TO_MANY', target, inverse } });

/** Fields every Twenty record has (BaseWorkspaceEntity: id, createdAt, updatedAt, deletedAt; position). */
const systemFields = (): FieldDef[] => [
  f('id', 'UUID', 'Id'),
  f('createdAt', 'DATE_TIME', 'Creation date'),
  f('updatedAt', 'DATE_TIME', 'Last update'),
  f('deletedAt', 'DATE_TIME', 'Deleted at'),
  f('position', 'POSITION', 'Position'),
];

/**
 * Opportunity stages: Twenty's standard options (NEW, SCREENING, MEETING, PROPOSAL, CUSTOMER), as its seeded
 * workspaces show them.
 */
export const OPPORTUNITY_STAGES = ['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER'];

const standardObjects = (): ObjectDef[] => [
  {
    nameSingular: 'company',
    namePlural: 'companies',
    labelSingular: 'Company',
    universalIdentifier: STANDARD_IDS.company,
    labelIdentifier: 'name',
    isStandard: true,
    fields: [
      ...systemFields(),
      f('name', 'TEXT', 'Name'),
      f('domainName', 'LINKS', 'Domain'),
      f('employees', 'NUMBER', 'Employees'),
      f('linkedinLink', 'LINKS', 'Linkedin'),
      f('idealCustomerProfile', 'BOOLEAN', 'ICP'),
      oneToMany('people', 'People', 'person', 'company'),
      oneToMany('opportunities', 'Opportunities', 'opportunity', 'company'),
    ],
  },
  {
    nameSingular: 'person',
    namePlural: 'people',
    labelSingular: 'Person',
    universalIdentifier: STANDARD_IDS.person,
    labelIdentifier: 'name',
    isStandard: true,
    fields: [
      ...systemFields(),
      f('name', 'FULL_NAME', 'Name'),
      f('emails', 'EMAILS', 'Emails'),
      f('jobTitle', 'TEXT', 'Job Title'),
      f('city', 'TEXT', 'City'),
      manyToOne('company', 'Company', 'company', 'people'),
      oneToMany('pointOfContactForOpportunities', 'Opportunities', 'opportunity', 'pointOfContact'),
    ],
  },
  {
    nameSingular: 'opportunity',
    namePlural: 'opportunities',
    labelSingular: 'Opportunity',
    universalIdentifier: STANDARD_IDS.opportunity,
    labelIdentifier: 'name',
    isStandard: true,
    fields: [
      ...systemFields(),
      f('name', 'TEXT', 'Name'),
      f('amount', 'CURRENCY', 'Amount'),
      f('closeDate', 'DATE_TIME', 'Close date'),
      f('stage', 'SELECT', 'Stage', { options: OPPORTUNITY_STAGES }),
      manyToOne('company', 'Company', 'company', 'opportunities'),
      manyToOne('pointOfContact', 'Point of Contact', 'person', 'pointOfContactForOpportunities'),
    ],
  },
];

const KNOWN_TYPES = new Set<string>([
  'UUID',
  'TEXT',
  'NUMBER',
  'BOOLEAN',
  'DATE_TIME',
  'DATE',
  'SELECT',
  'LINKS',
  'EMAILS',
  'FULL_NAME',
  'CURRENCY',
  'RAW_JSON',
  'POSITION',
  'RELATION',
]);

type ManifestField = {
  universalIdentifier?: string;
  name?: string;
  label?: string;
  type?: string;
  objectUniversalIdentifier?: string;
  options?: { value?: string }[];
  relationTargetObjectMetadataUniversalIdentifier?: string;
  relationTargetFieldMetadataUniversalIdentifier?: string;
  universalSettings?: { relationType?: string; onDelete?: string; joinColumnName?: string | null };
};
type ManifestObject = {
  universalIdentifier: string;
  nameSingular: string;
  namePlural: string;
  labelSingular?: string;
  labelIdentifierFieldMetadataUniversalIdentifier?: string;
  fields?: ManifestField[];
};

export type ObjectModel = {
  objects: ObjectDef[];
  byName: Map<string, ObjectDef>;
  byPlural: Map<string, ObjectDef>;
  /** Problems met while reading the manifest (a field of a type the emulation does not know is left out). */
  warnings: string[];
};

/**
 * Standard objects + the manifest's `objects` (SDK `ObjectManifest`) and top-level `fields` (SDK `FieldManifest`,
 * e.g. a relation the app adds to company). A relation names its target by universal identifiers; MANY_TO_ONE
 * stores `<name>Id` (Twenty's join column).
 */
export const buildObjectModel = (manifest: AppManifest): ObjectModel => {
  const raw = manifest as unknown as { objects?: ManifestObject[]; fields?: ManifestField[] };
  const objects = standardObjects();
  const warnings: string[] = [];
  const byUid = new Map(objects.map((o) => [o.universalIdentifier, o]));
  const fieldUidToName = new Map<string, string>();
  const pending: { owner: ObjectDef; field: ManifestField }[] = [];
  for (const object of raw.objects ?? []) {
    if (!object?.nameSingular || !object.namePlural || byUid.has(object.universalIdentifier)) continue;
    const def: ObjectDef = {
      nameSingular: object.nameSingular,
      namePlural: object.namePlural,
      labelSingular: object.labelSingular ?? object.nameSingular,
      universalIdentifier: object.universalIdentifier,
      labelIdentifier: 'name',
      isStandard: false,
      fields: systemFields(),
    };
    objects.push(def);
    byUid.set(def.universalIdentifier, def);
    for (const field of object.fields ?? []) pending.push({ owner: def, field });
    const label = object.fields?.find(
      (field) => field.universalIdentifier === object.labelIdentifierFieldMetadataUniversalIdentifier,
    );
    if (label?.name) def.labelIdentifier = label.name;
  }
  for (const field of raw.fields ?? []) {
    const owner = field.objectUniversalIdentifier ? byUid.get(field.objectUniversalIdentifier) : undefined;
    if (owner) pending.push({ owner, field });
    else warnings.push(`Field ${field.name}: unknown object ${field.objectUniversalIdentifier}`);
  }
  for (const { field } of pending)
    if (field.universalIdentifier && field.name) fieldUidToName.set(field.universalIdentifier, field.name);
  for (const { owner, field } of pending) {
    if (!field.name || !field.type) continue;
    if (owner.fields.some((existing) => existing.name === field.name)) continue;
    if (!KNOWN_TYPES.has(field.type)) {
      warnings.push(`${owner.nameSingular}.${field.name}: type ${field.type} is not emulated`);
      continue;
    }
    const def: FieldDef = {
      name: field.name,
      type: field.type as FieldType,
      label: field.label ?? field.name,
      ...(field.universalIdentifier ? { universalIdentifier: field.universalIdentifier } : {}),
    };
    if (field.type === 'SELECT')
      def.options = (field.options ?? []).map((option) => option.value ?? '').filter(Boolean);
    if (field.type === 'RELATION') {
      const target = byUid.get(field.relationTargetObjectMetadataUniversalIdentifier ?? '');
      const relationType = field.universalSettings?.relationType;
      if (!target || (relationType !== 'MANY_TO_ONE' && relationType !== 'ONE_TO_MANY')) {
        warnings.push(`${owner.nameSingular}.${field.name}: relation target or type unknown`);
        continue;
      }
      def.relation = {
        type: relationType,
        target: target.nameSingular,
        inverse: fieldUidToName.get(field.relationTargetFieldMetadataUniversalIdentifier ?? '') ?? null,
        ...(field.universalSettings?.onDelete ? { onDelete: field.universalSettings.onDelete } : {}),
      };
    }
    owner.fields.push(def);
  }
  return {
    objects,
    byName: new Map(objects.map((o) => [o.nameSingular, o])),
    byPlural: new Map(objects.map((o) => [o.namePlural, o])),
    warnings,
  };
};

export type Operation = 'read' | 'update' | 'softDelete' | 'destroy';
export type Permissions = (object: ObjectDef, operation: Operation) => boolean;

type RoleManifest = {
  universalIdentifier: string;
  canReadAllObjectRecords?: boolean;
  canUpdateAllObjectRecords?: boolean;
  canSoftDeleteAllObjectRecords?: boolean;
  canDestroyAllObjectRecords?: boolean;
  objectPermissions?: {
    objectUniversalIdentifier: string;
    canReadObjectRecords?: boolean;
    canUpdateObjectRecords?: boolean;
    canSoftDeleteObjectRecords?: boolean;
    canDestroyObjectRecords?: boolean;
  }[];
};

/**
 * The app's role (the manifest's `roles` entry named by `application.defaultRoleUniversalIdentifier`): an object's
 * own `objectPermissions` entry where it sets the flag, else the role-wide `can…AllObjectRecords`. Operations as
 * Twenty checks them (twenty-server `src/engine/twenty-orm/utils/is-object-operation-permitted.util.ts`: select →
 * canRead; insert and update → canUpdate; soft-delete and restore → canSoftDelete; delete → canDestroy).
 * No role in the manifest: nothing is granted.
 */
export const appRolePermissions = (manifest: AppManifest): Permissions => {
  const raw = manifest as unknown as {
    roles?: RoleManifest[];
    application: { defaultRoleUniversalIdentifier?: string };
  };
  const roleId = raw.application.defaultRoleUniversalIdentifier;
  const role =
    raw.roles?.find((r) => r.universalIdentifier === roleId) ?? (roleId ? undefined : raw.roles?.[0]);
  return (object, operation) => {
    if (!role) return false;
    const own = role.objectPermissions?.find(
      (p) => p.objectUniversalIdentifier === object.universalIdentifier,
    );
    switch (operation) {
      case 'read':
        return own?.canReadObjectRecords ?? role.canReadAllObjectRecords === true;
      case 'update':
        return own?.canUpdateObjectRecords ?? role.canUpdateAllObjectRecords === true;
      case 'softDelete':
        return own?.canSoftDeleteObjectRecords ?? role.canSoftDeleteAllObjectRecords === true;
      case 'destroy':
        return own?.canDestroyObjectRecords ?? role.canDestroyAllObjectRecords === true;
    }
  };
};

export const ALL_GRANTED: Permissions = () => true;

export const joinColumn = (field: FieldDef): string => `${field.name}Id`;
