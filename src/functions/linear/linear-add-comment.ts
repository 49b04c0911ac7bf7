import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { described, objectInput, text } from '../../core/input';
import { openSession } from '../../core/session';
import { connectionArgument } from '../../core/tool-args';
import { addComment } from '../../providers/linear/linear.issue-changes';
import { linear } from '../../providers/linear/linear.provider';

const input = objectInput({
  issue: described(text(1000), 'Issue identifier (e.g. ENG-42) or id.'),
  body: described(text(100_000), 'Comment text, in Markdown.'),
  connection: connectionArgument(linear),
});

export default defineLogicFunction(
  tool({
    universalIdentifier: 'eb09124f-9441-427e-a196-50e2545dd32c',
    name: 'linear-add-comment',
    description: 'Add a comment to a Linear issue. Never posts the comment twice when retried.',
    input,
    timeoutSeconds: 30,
    run: async (args, run) => {
      const session = await openSession(run, linear, args.connection);
      return { connection: session.label, comment: await addComment(session, args) };
    },
  }),
);
