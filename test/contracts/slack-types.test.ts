/**
 * The zod mirrors in checks/slack-schemas.ts must stay equivalent to `@slack/web-api`'s request types.
 * These assertions are checked by the TypeScript compiler (`npm run typecheck`, run by CI): a mirror that
 * accepts something the SDK type does not, or that invents an argument name, fails to compile.
 */
import type {
  AuthRevokeArguments,
  AuthTestArguments,
  ChatDeleteArguments,
  ChatPostMessageArguments,
  ConversationsListArguments,
  TeamInfoArguments,
} from '@slack/web-api';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  type authRevokeArguments,
  type authTestArguments,
  type chatDeleteArguments,
  chatPostMessageArguments,
  conversationsListArguments,
  slackMethodArguments,
  type teamInfoArguments,
} from './checks/slack-schemas.ts';

/** Every property name of every member of a union. */
type KeysOfUnion<T> = T extends unknown ? keyof T : never;

describe('Slack argument mirrors', () => {
  it('infer types assignable to the @slack/web-api argument types', () => {
    expectTypeOf<z.infer<typeof authTestArguments>>().toExtend<AuthTestArguments>();
    expectTypeOf<z.infer<typeof authRevokeArguments>>().toExtend<AuthRevokeArguments>();
    expectTypeOf<z.infer<typeof teamInfoArguments>>().toExtend<TeamInfoArguments>();
    expectTypeOf<z.infer<typeof conversationsListArguments>>().toExtend<ConversationsListArguments>();
    expectTypeOf<z.infer<typeof chatPostMessageArguments>>().toExtend<ChatPostMessageArguments>();
    expectTypeOf<z.infer<typeof chatDeleteArguments>>().toExtend<ChatDeleteArguments>();
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
  });

  it('would be caught drifting: a mirror with a misnamed or mistyped argument is not assignable', () => {
    // Proof that the checks above have teeth: typical drifts are rejected by the same assertions.
    type MisnamedThread = { channel: string; text: string; thread: string };
    expectTypeOf<KeysOfUnion<MisnamedThread>>().not.toExtend<KeysOfUnion<ChatPostMessageArguments>>();
    type StringLimit = { limit?: string };
    expectTypeOf<StringLimit>().not.toExtend<ConversationsListArguments>();
    type NoContent = { channel: string };
    expectTypeOf<NoContent>().not.toExtend<ChatPostMessageArguments>();
  });

  it('cover exactly the methods the app calls', () => {
    expect(Object.keys(slackMethodArguments).sort()).toEqual([
      'auth.revoke',
      'auth.test',
      'chat.delete',
      'chat.postMessage',
      'conversations.list',
      'team.info',
    ]);
  });

  it('accept a value typed with the SDK type for each common call shape', () => {
    const post = { channel: 'C024BE91L', text: 'Deal moved to Won', thread_ts: '1712345678.000100' };
    const postTyped: ChatPostMessageArguments = post;
    const list: ConversationsListArguments = { types: 'public_channel,private_channel', limit: 200 };
    expect(chatPostMessageArguments.parse(postTyped)).toEqual(post);
    expect(conversationsListArguments.parse(list)).toEqual(list);
  });
});
