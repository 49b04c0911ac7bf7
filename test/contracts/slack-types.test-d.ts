/**
 * The zod mirrors in checks/slack-schemas.ts must stay equivalent to `@slack/web-api`'s request types.
 * `expectTypeOf` checks nothing at run time: this is a `*.test-d.ts` file, which vitest's typecheck mode
 * (`test.typecheck` in vitest.config.ts) hands to `tsc`, so `npm test` reports each assertion as a test and
 * fails on a mirror that accepts something the SDK type does not, or that invents an argument name.
 * `npm run typecheck` checks the same file too.
 */
import type {
  AuthRevokeArguments,
  AuthTestArguments,
  ChatDeleteArguments,
  ChatGetPermalinkArguments,
  ChatPostMessageArguments,
  ConversationsInfoArguments,
  ConversationsListArguments,
  TeamInfoArguments,
} from '@slack/web-api';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type {
  authRevokeArguments,
  authTestArguments,
  chatDeleteArguments,
  chatGetPermalinkArguments,
  chatPostMessageArguments,
  conversationsInfoArguments,
  conversationsListArguments,
  teamInfoArguments,
} from './checks/slack-schemas.ts';

/** Every property name of every member of a union. */
type KeysOfUnion<T> = T extends unknown ? keyof T : never;

describe('Slack argument mirrors (types)', () => {
  it('infer types assignable to the @slack/web-api argument types', () => {
    expectTypeOf<z.infer<typeof authTestArguments>>().toExtend<AuthTestArguments>();
    expectTypeOf<z.infer<typeof authRevokeArguments>>().toExtend<AuthRevokeArguments>();
    expectTypeOf<z.infer<typeof teamInfoArguments>>().toExtend<TeamInfoArguments>();
    expectTypeOf<z.infer<typeof conversationsListArguments>>().toExtend<ConversationsListArguments>();
    expectTypeOf<z.infer<typeof chatPostMessageArguments>>().toExtend<ChatPostMessageArguments>();
    expectTypeOf<z.infer<typeof chatDeleteArguments>>().toExtend<ChatDeleteArguments>();
    expectTypeOf<z.infer<typeof chatGetPermalinkArguments>>().toExtend<ChatGetPermalinkArguments>();
    expectTypeOf<z.infer<typeof conversationsInfoArguments>>().toExtend<ConversationsInfoArguments>();
  });

  it('use only argument names the @slack/web-api types define', () => {
    expectTypeOf<KeysOfUnion<z.infer<typeof authTestArguments>>>().toExtend<
      KeysOfUnion<NonNullable<AuthTestArguments>>
    >();
    expectTypeOf<KeysOfUnion<z.infer<typeof authRevokeArguments>>>().toExtend<
      KeysOfUnion<NonNullable<AuthRevokeArguments>>
    >();
    expectTypeOf<KeysOfUnion<z.infer<typeof teamInfoArguments>>>().toExtend<
      KeysOfUnion<NonNullable<TeamInfoArguments>>
    >();
    expectTypeOf<KeysOfUnion<z.infer<typeof conversationsListArguments>>>().toExtend<
      KeysOfUnion<NonNullable<ConversationsListArguments>>
    >();
    expectTypeOf<KeysOfUnion<z.infer<typeof chatPostMessageArguments>>>().toExtend<
      KeysOfUnion<ChatPostMessageArguments>
    >();
    expectTypeOf<KeysOfUnion<z.infer<typeof chatDeleteArguments>>>().toExtend<
      KeysOfUnion<ChatDeleteArguments>
    >();
    expectTypeOf<KeysOfUnion<z.infer<typeof chatGetPermalinkArguments>>>().toExtend<
      KeysOfUnion<ChatGetPermalinkArguments>
    >();
    expectTypeOf<KeysOfUnion<z.infer<typeof conversationsInfoArguments>>>().toExtend<
      KeysOfUnion<ConversationsInfoArguments>
    >();
  });

  it('would be caught drifting: a mirror with a misnamed or mistyped argument is not assignable', () => {
    // Proof that the checks above have teeth: typical drifts are rejected by the same assertions.
    type MisnamedThread = { channel: string; text: string; thread: string };
    expectTypeOf<KeysOfUnion<MisnamedThread>>().not.toExtend<KeysOfUnion<ChatPostMessageArguments>>();
    type StringLimit = { limit?: string };
    expectTypeOf<StringLimit>().not.toExtend<ConversationsListArguments>();
    // chat.delete names the message `ts`; chat.getPermalink names it `message_ts`.
    type PermalinkWithTs = { channel: string; ts: string };
    expectTypeOf<PermalinkWithTs>().not.toExtend<ChatGetPermalinkArguments>();
    type NoContent = { channel: string };
    expectTypeOf<NoContent>().not.toExtend<ChatPostMessageArguments>();
  });
});
