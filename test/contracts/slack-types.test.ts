/**
 * Run-time half of the Slack argument mirrors: the type half (assignability to `@slack/web-api`'s argument
 * types) is slack-types.test-d.ts, checked by vitest's typecheck mode.
 */
import type { ChatPostMessageArguments, ConversationsListArguments } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import {
  chatPostMessageArguments,
  conversationsListArguments,
  slackMethodArguments,
} from './checks/slack-schemas.ts';

describe('Slack argument mirrors', () => {
  it('cover exactly the methods the app calls', () => {
    expect(Object.keys(slackMethodArguments).sort()).toEqual([
      'auth.revoke',
      'auth.test',
      'chat.delete',
      'chat.getPermalink',
      'chat.postMessage',
      'conversations.info',
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
