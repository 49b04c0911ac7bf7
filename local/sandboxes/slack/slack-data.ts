/** A message as Slack stores it (`ts` is the message id: epoch seconds with 6 decimals). */
export type SlackMessage = {
  ts: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
};

export type SlackChannel = {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isGeneral: boolean;
  /** Whether the app's bot user is in the channel. */
  botIsMember: boolean;
  /** Epoch seconds. */
  created: number;
  creator: string;
  topic: string;
  purpose: string;
  numMembers: number;
  messages: SlackMessage[];
};

export type SlackWorkspace = { id: string; name: string; domain: string };

export type SlackData = {
  team: SlackWorkspace;
  /** The app as installed in this workspace. */
  app: { appId: string; botUserId: string; botId: string; name: string };
  users: { id: string; name: string; realName: string }[];
  channels: SlackChannel[];
  /** Last `ts` handed out, so every message gets a unique, increasing one. */
  lastTs: string;
  /**
   * The bot token of each app (client id) installed in this workspace. Reinstalling the same app in the
   * same Slack workspace hands out the same bot token again (a Slack maintainer in slackapi/bolt-python#969,
   * as summarised in the project's provider facts, PROVIDERS.md §0), so every install shares it.
   */
  botTokens: Record<string, string>;
};

/**
 * Project channels seeded after the named ones: with them the workspace has more channels than one
 * `conversations.list` page of Slack's default 100 or of the app's 200, and two of the private channels the
 * bot is in come only on a later page (cursor pagination: https://docs.slack.dev/apis/web-api/pagination).
 */
export const SEEDED_PROJECT_CHANNELS = 240;

/** The seeded workspace "Acme Robotics" with public, private and archived channels. */
export function seedSlackData(now: number): SlackData {
  const day = 86_400;
  const created = Math.floor(now / 1000) - 300 * day;
  const ada = 'U0ACMEADA01';
  const channel = (id: string, name: string, extra: Partial<SlackChannel> = {}): SlackChannel => ({
    id,
    name,
    isPrivate: false,
    isArchived: false,
    isGeneral: false,
    botIsMember: true,
    created,
    creator: ada,
    topic: '',
    purpose: '',
    numMembers: 12,
    messages: [],
    ...extra,
  });
  const welcome = { ts: `${created + 60}.000100`, user: ada, text: 'Welcome to Acme Robotics!' };
  return {
    team: { id: 'T0ACMEROBO1', name: 'Acme Robotics', domain: 'acme-robotics' },
    app: { appId: 'A0TWENTYCN1', botUserId: 'U0TWENTYBOT', botId: 'B0TWENTYBOT', name: 'Twenty Connect' },
    users: [
      { id: ada, name: 'ada', realName: 'Ada Lovelace' },
      { id: 'U0ACMEGRC02', name: 'grace', realName: 'Grace Hopper' },
    ],
    channels: [
      channel('C0ACMEGENRL', 'general', {
        isGeneral: true,
        purpose: 'Company-wide announcements',
        messages: [welcome],
      }),
      channel('C0ACMEENGNR', 'engineering', { purpose: 'Robots, firmware and the fleet', numMembers: 7 }),
      channel('C0ACMESALES', 'sales', { purpose: 'Pipeline and deals', botIsMember: false, numMembers: 5 }),
      channel('C0ACMERANDM', 'random', { isArchived: true, botIsMember: false }),
      channel('G0ACMELEADR', 'leadership', { isPrivate: true, botIsMember: false, numMembers: 3 }),
      channel('G0ACMEDEALS', 'deals', { isPrivate: true, numMembers: 4 }),
      ...Array.from({ length: SEEDED_PROJECT_CHANNELS }, (_, index) => {
        const number = String(index + 1).padStart(3, '0');
        return channel(`C0PROJ${number}`, `proj-${number}`, { botIsMember: index % 3 === 0, numMembers: 4 });
      }),
      channel('G0ACMEBOARD', 'board', { isPrivate: true, purpose: 'Board matters', numMembers: 3 }),
      channel('G0ACMEHIRES', 'hiring', { isPrivate: true, numMembers: 5 }),
      channel('G0ACMELEGAL', 'legal', { isPrivate: true, botIsMember: false, numMembers: 2 }),
    ],
    lastTs: '0.000000',
    botTokens: {},
  };
}

/** What a person looks at: the workspace and every channel with its messages, newest last. */
export function slackView(data: SlackData): Record<string, unknown> {
  const name = (id: string) =>
    id === data.app.botUserId ? data.app.name : (data.users.find((user) => user.id === id)?.realName ?? id);
  return {
    team: { id: data.team.id, name: data.team.name },
    channels: data.channels.map((channel) => ({
      id: channel.id,
      name: channel.name,
      isPrivate: channel.isPrivate,
      isArchived: channel.isArchived,
      botIsMember: channel.botIsMember,
      messages: [...channel.messages]
        .sort((a, b) => Number(a.ts) - Number(b.ts))
        .map((message) => ({
          ts: message.ts,
          author: name(message.user),
          text: message.text,
          notifies: mentionsIn(message.text),
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { threadTs: message.threadTs } : {}),
          at: new Date(Number(message.ts) * 1000).toISOString(),
        })),
    })),
  };
}

/**
 * Who a message's text notifies, as Slack reads mrkdwn (https://docs.slack.dev/messaging/formatting-message-text,
 * "Mentioning users", "Mentioning groups", "Special mentions"): `<@U…>` / `<@W…>` a user, `<!subteam^S…>` a user
 * group, `<!here>`, `<!channel>`, `<!everyone>` the channel or workspace; each may carry a `|label`. Text escaped
 * as `&lt;!channel&gt;` notifies nobody. `[]` means the message notifies nobody.
 */
export function mentionsIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(
    /<(@[UW][A-Z0-9]+|!(?:here|channel|everyone)|!subteam\^[A-Z0-9]+)(?:\|[^>]*)?>/g,
  )) {
    found.add(match[1]!.startsWith('@') ? match[1]! : `@${match[1]!.slice(1)}`);
  }
  return [...found];
}
