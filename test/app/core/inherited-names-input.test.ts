import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const CREATE_ISSUE = 'src/functions/linear/linear-create-issue.ts';

const connectAda = () => up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });

describe('tool arguments named like what every JavaScript object inherits', () => {
  for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
    it(`answers INVALID_INPUT naming "${name}" as an unknown field, and calls nothing upstream`, async () => {
      connectAda();
      // JSON.parse, as the tool arguments arrive: "__proto__" becomes an own key, not the prototype.
      const args = JSON.parse(`{"team":"ENG","title":"Hello","${name}":"x"}`);
      const result = await runTool(CREATE_ISSUE, args, 'uw-ada');
      expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: [name] });
      expect(result.error).toContain(`${name}: unknown field`);
      expect(up.linear.calls()).toEqual([]);
      expect(up.twenty.requests).toEqual([]);
    });
  }
});
