import { defineLogicFunction } from 'twenty-sdk/define';
import { toolHandler } from '../../core/handlers';
import { described, objectInput, text, toInputSchema } from '../../core/input';
import { openSession } from '../../core/session';
import { connectionArgument } from '../../core/tool-args';
import { addComment } from '../../providers/linear/linear.issue-changes';
import { linear } from '../../providers/linear/linear.provider';

const TIMEOUT_SECONDS = 30;
const input = objectInput({
  issue: described(text(1000), 'Issue identifier (e.g. ENG-42) or id.'),
  body: described(text(100_000), 'Comment text, in Markdown.'),
  connection: connectionArgument(linear),
});

export default defineLogicFunction({
  universalIdentifier: 'eb09124f-9441-427e-a196-50e2545dd32c',
  name: 'linear-add-comment',
  description: 'Add a comment to a Linear issue. Never posts the comment twice when retried.',
  timeoutSeconds: TIMEOUT_SECONDS,
  toolTriggerSettings: { inputSchema: toInputSchema(input) },
  handler: toolHandler({
    input,
    timeoutSeconds: TIMEOUT_SECONDS,
    run: async (args, run) => {
      const session = await openSession(run, linear, args.connection);
      return { connection: session.label, comment: await addComment(session, args) };
    },
  }),
});
