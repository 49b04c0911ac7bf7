import { defineApplicationRole, STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD } from 'twenty-sdk/define';
import { IDS } from './universal-identifiers';

/**
 * Nothing by default; each object the functions touch is listed with why. Twenty checks the role per object
 * and operation (packages/twenty-server/src/engine/twenty-orm/repository/permissions.utils.ts): select needs
 * read, insert AND update need `canUpdateObjectRecords`, `delete<Object>` (soft delete) needs
 * `canSoftDeleteObjectRecords`, destroy needs `canDestroyObjectRecords`. An app gets no implicit access to
 * its own objects: Twenty's own example app lists its object here too
 * (packages/twenty-apps/hello-world/src/roles/function-role.ts).
 */
const read = (objectUniversalIdentifier: string) => ({
  objectUniversalIdentifier,
  canReadObjectRecords: true,
  canUpdateObjectRecords: false,
  canSoftDeleteObjectRecords: false,
  canDestroyObjectRecords: false,
});
const readWrite = (objectUniversalIdentifier: string) => ({
  objectUniversalIdentifier,
  canReadObjectRecords: true,
  canUpdateObjectRecords: true,
  canSoftDeleteObjectRecords: true,
  canDestroyObjectRecords: false,
});

export default defineApplicationRole({
  universalIdentifier: IDS.role,
  label: 'twenty-connect',
  description:
    'Runs the twenty-connect functions: reads companies, people and opportunities; keeps its own work items and links; writes timeline entries.',
  canReadAllObjectRecords: false,
  canUpdateAllObjectRecords: false,
  canSoftDeleteAllObjectRecords: false,
  canDestroyAllObjectRecords: false,
  canUpdateAllSettings: false,
  canAccessAllTools: false,
  objectPermissions: [
    // Read only: the record a work item is linked to, for its name, URL and (person, opportunity) its company.
    read(STANDARD.company.universalIdentifier),
    read(STANDARD.person.universalIdentifier),
    read(STANDARD.opportunity.universalIdentifier),
    // Create and refresh work items; soft-delete one when its last link goes. Never destroy: a member can restore.
    readWrite(IDS.objects.workItem),
    // Create links, store the Linear customer request id on them, soft-delete them on unlink.
    readWrite(IDS.objects.workItemLink),
    // Write timeline entries (createTimelineActivity). It posts to /rest/timelineActivities, Twenty's ordinary
    // record create for the standard `timelineActivity` object: the same per-object check as above (insert needs
    // `canUpdateObjectRecords`), with the app-only rules applied by its query hooks on top
    // (packages/twenty-server/src/modules/timeline/query-hooks/utils/timeline-activity-mutation-input.util.ts:
    // own types only, workspaceMemberId null); the created row is read back for the answer. Never deleted.
    {
      objectUniversalIdentifier: STANDARD.timelineActivity.universalIdentifier,
      canReadObjectRecords: true,
      canUpdateObjectRecords: true,
      canSoftDeleteObjectRecords: false,
      canDestroyObjectRecords: false,
    },
  ],
});
