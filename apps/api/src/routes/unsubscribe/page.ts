import type { Language } from '../../http/messages.js';
import { escapeHtml } from '../../notifications/mail-layout.js';

/**
 * The small page an unsubscribe link answers with: a heading, a sentence, and at most one button
 * (a form posting to this API: no script, which the Content-Security-Policy would refuse anyway)
 * and one link into Ritm.
 */
export function unsubscribePage(input: { lang: Language; title: string; text: string; button?: { label: string; action: string }; link?: { label: string; href: string } }): string {
  const { lang, title, text, button, link } = input;
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,Arial,sans-serif;color:#222;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.5rem 1rem;cursor:pointer}a{color:#2f6f4f}</style>',
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(text)}</p>`,
    button ? `<form method="post" action="${escapeHtml(button.action)}"><button type="submit">${escapeHtml(button.label)}</button></form>` : '',
    link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : '',
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
