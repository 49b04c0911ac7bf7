import { defineApplicationRole } from 'twenty-sdk/define';
import { IDS } from './universal-identifiers';

// The app only reads its own connections and key-value store: it needs no access to workspace records.
export default defineApplicationRole({
  universalIdentifier: IDS.role,
  label: 'twenty-connect',
  description: 'Runs the twenty-connect functions. No access to workspace records.',
  canReadAllObjectRecords: false,
  canUpdateAllObjectRecords: false,
  canSoftDeleteAllObjectRecords: false,
  canDestroyAllObjectRecords: false,
  canUpdateAllSettings: false,
  canAccessAllTools: false,
});
