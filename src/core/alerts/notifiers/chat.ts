// Slack, Microsoft Teams and Mattermost incoming webhooks, each in its own documented format:
// Slack: attachments with a colour bar holding Block Kit blocks (a link button needs no Slack app);
// Teams: an Office 365 connector MessageCard (themeColor, facts, an OpenUri action);
// Mattermost: Slack-style attachments (color, title_link, fields), which it renders natively.
import type { ChannelConfig, Severity } from '../../../shared/contract/alerts';
import type { AttemptResult } from './attempt';
import { sendHttp } from './http-request';
import { eventWording, headline, utc, type NotificationMessage } from './message';

type ChatConfig = Extract<ChannelConfig, { kind: 'slack' | 'teams' | 'mattermost' }>;

/** The console's severity colours; a resolution is always green, whatever the alert's severity was. */
export const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: '#D32F2F',
  high: '#F57C00',
  medium: '#FBC02D',
  low: '#1976D2',
  info: '#607D8B',
};
const RESOLVED_COLOUR = '#388E3C';

export function chatColour(message: NotificationMessage): string {
  return message.event === 'resolved' ? RESOLVED_COLOUR : SEVERITY_COLOUR[message.severity];
}

const OPEN_LABEL = 'Open Watchroom';

function facts(message: NotificationMessage): { name: string; value: string }[] {
  return [
    { name: 'Severity', value: message.severity },
    { name: 'Event', value: eventWording(message.event) },
    { name: 'Subject', value: message.subjectName },
    { name: 'Site', value: message.siteName ?? '(none)' },
    { name: 'Rule', value: message.ruleName },
    { name: 'First seen', value: utc(message.firstSeenAt) },
  ];
}

/** Slack's own escaping for text it parses as mrkdwn: only &, < and > are special. */
function slackEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackBody(message: NotificationMessage, consoleUrl: string | null): object {
  const blocks: object[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(headline(message))}*` } },
    {
      type: 'section',
      fields: facts(message).map(({ name, value }) => ({ type: 'mrkdwn', text: `*${name}*\n${slackEscape(value)}` })),
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`Watchroom ${message.consoleName}`) }] },
  ];
  if (consoleUrl !== null)
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: OPEN_LABEL }, url: consoleUrl }] });
  return { text: headline(message), attachments: [{ color: chatColour(message), blocks }] };
}

export function teamsBody(message: NotificationMessage, consoleUrl: string | null): object {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: headline(message),
    themeColor: chatColour(message).slice(1),
    title: headline(message),
    sections: [{ activitySubtitle: `Watchroom ${message.consoleName}`, facts: facts(message), markdown: false }],
    ...(consoleUrl === null
      ? {}
      : { potentialAction: [{ '@type': 'OpenUri', name: OPEN_LABEL, targets: [{ os: 'default', uri: consoleUrl }] }] }),
  };
}

export function mattermostBody(message: NotificationMessage, consoleUrl: string | null): object {
  return {
    username: 'Watchroom',
    attachments: [
      {
        fallback: headline(message),
        color: chatColour(message),
        title: headline(message),
        ...(consoleUrl === null ? {} : { title_link: consoleUrl }),
        fields: facts(message).map(({ name, value }) => ({ short: true, title: name, value })),
        footer: `Watchroom ${message.consoleName}`,
      },
    ],
  };
}

const BODIES = { slack: slackBody, teams: teamsBody, mattermost: mattermostBody };

export function postChat(config: ChatConfig, message: NotificationMessage, signal: AbortSignal): Promise<AttemptResult> {
  const body = JSON.stringify(BODIES[config.kind](message, config.consoleUrl));
  return sendHttp({ url: config.url, method: 'POST', headers: { 'content-type': 'application/json' }, body }, signal);
}
