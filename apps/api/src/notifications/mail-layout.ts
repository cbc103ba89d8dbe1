import type { NotificationKind } from '@ritm/domain/notifications';
import { render, type Language, type message } from '../http/messages.js';
import type { MailMessage } from './mailer.js';

// Every mail Ritm sends has this one shape: a subject, the body as blocks, one action, and a footer
// that says why the person gets it, where to choose what comes, and a one-click unsubscribe link
// (RFC 8058). The same blocks become the plain text and the HTML; everything put into the HTML is
// escaped. Links are absolute on RITM_PUBLIC_URL, which the configuration requires with
// RITM_SMTP_URL: no mail goes out without its links and its unsubscribe link.

/** A path in the admin (`/plans/<id>?org=<id>`) with what the link says. */
export interface MailLink {
  label: string;
  path: string;
}

/** One entry of a list: a notification, a norm at risk, an overdue item. */
export interface MailEntry {
  title: string;
  text?: string;
  /** A path in the admin. */
  path?: string;
}

export type MailBlock = { type: 'heading'; text: string } | { type: 'paragraph'; text: string } | { type: 'entries'; entries: MailEntry[] };

export interface MailDraft {
  to: string;
  lang: Language;
  subject: string;
  blocks: MailBlock[];
  /** The main action under the body. */
  action?: MailLink;
  /** What this mail is (the footer's reason and the unsubscribe link's default). */
  kind: NotificationKind;
  /** The person's signed unsubscribe token for `kind` (see `unsubscribeToken`). */
  unsubscribeToken: string;
}

/**
 * The mail of a draft, ready for the outbox: text, HTML and the headers every mail carries. Links
 * are `publicUrl` + path (an empty `publicUrl` leaves them as paths: a preview printed at a
 * terminal, never a mail).
 */
export function layoutMail(draft: MailDraft, publicUrl: string): MailMessage {
  const t = (key: Parameters<typeof message>[0], params?: Record<string, string | number>) =>
    render(params ? { key, params } : { key }, draft.lang);
  const url = (path: string) => `${publicUrl}${path.startsWith('/') ? path : `/${path}`}`;
  const kindName = kindLabel(draft.kind, draft.lang);
  const unsubscribeUrl = url(`/api/unsubscribe/${encodeURIComponent(draft.unsubscribeToken)}`);
  const action = draft.action ? { label: draft.action.label, href: url(draft.action.path) } : undefined;

  const footer = {
    why: t('mail.footer.why', { kind: kindName }),
    links: [
      { label: t('mail.footer.settings'), href: url('/profile') },
      { label: t('mail.footer.unsubscribe'), href: unsubscribeUrl },
    ],
  };

  const text = [
    ...draft.blocks.map((block) => textOf(block, url)),
    action ? `${action.label}: ${action.href}` : undefined,
    ['-- ', footer.why, ...footer.links.map((link) => `${link.label}: ${link.href}`)].join('\n'),
  ]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('\n\n');

  const html = htmlPage(draft.lang, draft.subject, [
    ...draft.blocks.map((block) => htmlOf(block, url)),
    action
      ? `<p style="margin:24px 0"><a href="${escapeHtml(action.href)}" style="background:#2f6f4f;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>`
      : '',
    `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">`,
    `<p style="color:#666;font-size:13px;margin:0 0 6px">${escapeHtml(footer.why)}</p>`,
    `<p style="color:#666;font-size:13px;margin:0">${footer.links.map((link) => `<a href="${escapeHtml(link.href)}" style="color:#666">${escapeHtml(link.label)}</a>`).join(' · ')}</p>`,
  ]);

  const headers: Record<string, string> = {
    'Content-Language': draft.lang,
    // RFC 3834: no vacation replies to a robot.
    'Auto-Submitted': 'auto-generated',
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
  return { to: draft.to, subject: draft.subject, text: `${text}\n`, html, headers };
}

/** What a kind of mail is called (`возвращённые планы`). */
export function kindLabel(kind: NotificationKind, lang: Language): string {
  return render({ key: `mail.kind.${kind}` }, lang);
}

/** Text safe inside HTML elements and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

type UrlOf = (path: string) => string;

function textOf(block: MailBlock, url: UrlOf): string {
  switch (block.type) {
    case 'heading':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 60))}`;
    case 'paragraph':
      return block.text;
    case 'entries':
      return block.entries
        .map((entry) => {
          const href = entry.path === undefined ? undefined : url(entry.path);
          return [`• ${entry.title}`, entry.text && indent(entry.text), href && `  ${href}`].filter(Boolean).join('\n');
        })
        .join('\n\n');
  }
}

function htmlOf(block: MailBlock, url: UrlOf): string {
  switch (block.type) {
    case 'heading':
      return `<h2 style="font-size:18px;margin:20px 0 8px">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return `<p style="margin:0 0 12px;white-space:pre-line">${escapeHtml(block.text)}</p>`;
    case 'entries':
      return `<ul style="padding-left:20px;margin:0 0 12px">${block.entries
        .map((entry) => {
          const href = entry.path === undefined ? undefined : url(entry.path);
          const title = href === undefined ? `<strong>${escapeHtml(entry.title)}</strong>` : `<a href="${escapeHtml(href)}"><strong>${escapeHtml(entry.title)}</strong></a>`;
          const text = entry.text ? `<br><span style="white-space:pre-line">${escapeHtml(entry.text)}</span>` : '';
          return `<li style="margin:0 0 8px">${title}${text}</li>`;
        })
        .join('')}</ul>`;
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

function htmlPage(lang: Language, title: string, parts: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:640px;margin:0 auto;padding:16px">',
    ...parts.filter((part) => part !== ''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
