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
};

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
    ],
    lastTs: '0.000000',
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
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { threadTs: message.threadTs } : {}),
          at: new Date(Number(message.ts) * 1000).toISOString(),
        })),
    })),
  };
}
