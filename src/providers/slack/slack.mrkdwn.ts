/**
 * Text the app composes from upstream or CRM data (Linear titles, opportunity names...) goes through these
 * before it reaches Slack. Slack reads `&`, `<` and `>` as control characters in mrkdwn and asks for them
 * escaped as `&amp;`, `&lt;`, `&gt;` (https://docs.slack.dev/messaging/formatting-message-text): unescaped,
 * a title such as `<!channel>` would notify the whole channel, and `<https://evil|click>` would become a link.
 * Only those three are escaped, as Slack asks; `*`/`_` can only change styling, never notify or link.
 */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `<url|label>` with the label escaped. The URL must be http(s) (anything else is shown as plain text, so a
 * `javascript:` or `slack://` link can't be planted); `|` and the control characters are encoded so the
 * URL can't end the link early or add a label of its own.
 */
export const mrkdwnLink = (url: string, label: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return escapeMrkdwn(label);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return escapeMrkdwn(label);
  const href = parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return `<${href.replace(/&/g, '&amp;')}|${escapeMrkdwn(label)}>`;
};

/**
 * `<url|name>` linking back to a Twenty record. The name is a record's name, typed by anyone: escaped as above
 * (Slack documents no other escape, and a `|` after the first one is shown as text), line breaks folded into
 * spaces so the link stays on its line (our choice: Slack documents links as single-line `<url|text>`), and the
 * URL itself shown when the name is blank.
 */
export const slackRecordLink = (url: string, name: string): string => {
  const label = name.replace(/\s+/g, ' ').trim();
  return mrkdwnLink(url, label || url);
};
