import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, mrkdwnLink } from '../../../src/providers/slack/slack.mrkdwn.ts';

describe('Slack mrkdwn escaping', () => {
  it('escapes the three control characters Slack names, and only those', () => {
    expect(escapeMrkdwn('a & b <!channel> <@U1> *bold* _x_')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;@U1&gt; *bold* _x_',
    );
    // Already-escaped text is escaped again: it shows as typed.
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('links http(s) URLs with an escaped label', () => {
    expect(mrkdwnLink('https://linear.app/acme/issue/ENG-1/x?a=1&b=2', '<!here> ENG-1')).toBe(
      '<https://linear.app/acme/issue/ENG-1/x?a=1&amp;b=2|&lt;!here&gt; ENG-1>',
    );
  });

  it('keeps a URL from closing the link early or adding its own label', () => {
    expect(mrkdwnLink('https://x.test/a|<!channel>', 'ok')).toBe('<https://x.test/a%7C%3C!channel%3E|ok>');
  });

  it('shows only the label for a URL that is not http(s) or not a URL', () => {
    expect(mrkdwnLink('javascript:alert(1)', 'ENG-1')).toBe('ENG-1');
    expect(mrkdwnLink('not a url', '<!channel>')).toBe('&lt;!channel&gt;');
  });
});
