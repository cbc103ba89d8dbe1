import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import { layoutMail } from './mail-layout.js';
import { createMailer, MailRefusedError } from './smtp-mailer.js';
import { readUnsubscribeToken, unsubscribeSignatureValid, unsubscribeToken } from './unsubscribe-token.js';

const USER = '0b7a4a9e-2a5c-4d7e-9a51-1f2f3c4d5e6f';
const SECRET = 'a-secret-of-the-person';

const draft = (lang: 'ru' | 'en' = 'ru') => ({
  to: 'editor@example.org',
  lang,
  subject: 'План «Ноябрь 2026» возвращён — ЦЗН <Ленинского> района',
  blocks: [
    { type: 'paragraph' as const, text: 'Директор вернул план с комментарием:\n«Добавьте & уточните <пост> про ярмарку»' },
    { type: 'entries' as const, entries: [{ title: 'Пост про ярмарку', text: '27 ноября', path: '/calendar?org=o1&date=2026-11-27' }] },
  ],
  action: { label: 'Открыть план', path: '/plans/p1?org=o1' },
  kind: 'plan_returned' as const,
  unsubscribeToken: unsubscribeToken(USER, 'plan_returned', SECRET),
});

describe('layoutMail', () => {
  it('says everything in the text and, escaped, in the HTML, with absolute links on RITM_PUBLIC_URL', () => {
    const mail = layoutMail(draft(), 'https://ritm.example.org');
    expect(mail.text).toContain('«Добавьте & уточните <пост> про ярмарку»');
    expect(mail.text).toContain('Открыть план: https://ritm.example.org/plans/p1?org=o1');
    expect(mail.text).toContain('https://ritm.example.org/calendar?org=o1&date=2026-11-27');
    expect(mail.html).toContain('Добавьте &amp; уточните &lt;пост&gt; про ярмарку');
    expect(mail.html).not.toContain('<пост>');
    expect(mail.html).toContain('<title>План «Ноябрь 2026» возвращён — ЦЗН &lt;Ленинского&gt; района</title>');
    expect(mail.html).toContain('href="https://ritm.example.org/calendar?org=o1&amp;date=2026-11-27"');
    expect(mail.html).toContain('<html lang="ru">');
    expect(mail.text).toContain('потому что в Ритме для вас включены письма «возвращённые планы»');
    const unsubscribe = `https://ritm.example.org/api/unsubscribe/${draft().unsubscribeToken}`;
    expect(mail.text).toContain(`Отписаться от таких писем: ${unsubscribe}`);
    expect(mail.headers).toEqual({
      'Content-Language': 'ru',
      'Auto-Submitted': 'auto-generated',
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('writes the frame in the recipient’s language', () => {
    const mail = layoutMail(draft('en'), 'https://ritm.example.org');
    expect(mail.headers['Content-Language']).toBe('en');
    expect(mail.text).toContain('You got this mail because returned plans are mailed to you from Ritm.');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('puts the settings and one-click unsubscribe links in every mail, text, HTML and headers alike', () => {
    const mail = layoutMail({ ...draft(), action: undefined, blocks: [{ type: 'paragraph', text: 'Без ссылок в теле' }] }, 'https://example.org/ritm');
    const unsubscribe = `https://example.org/ritm/api/unsubscribe/${draft().unsubscribeToken}`;
    expect(mail.text).toContain('Выбрать, какие письма и как часто приходят: https://example.org/ritm/profile');
    expect(mail.text).toContain(`Отписаться от таких писем: ${unsubscribe}`);
    expect(mail.html).toContain(`href="${unsubscribe}"`);
    expect(mail.headers['List-Unsubscribe']).toBe(`<${unsubscribe}>`);
  });
});

describe('unsubscribe tokens', () => {
  it('name the person and the kind and hold only with their secret', () => {
    const token = unsubscribeToken(USER, 'item_assigned', SECRET);
    const claim = readUnsubscribeToken(token)!;
    expect(claim).toMatchObject({ userId: USER, scope: 'item_assigned' });
    expect(unsubscribeSignatureValid(claim, SECRET)).toBe(true);
    expect(unsubscribeSignatureValid(claim, 'another secret')).toBe(false);
    expect(unsubscribeSignatureValid({ ...claim, scope: 'all' }, SECRET)).toBe(false);
    expect(readUnsubscribeToken(`${USER}.no_such_kind.${claim.signature}`)).toBeUndefined();
    expect(readUnsubscribeToken('garbage')).toBeUndefined();
  });
});

describe('createMailer', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('mails nothing without RITM_SMTP_URL', () => {
    expect(createMailer({ smtpUrl: undefined, mailFrom: undefined })).toBeUndefined();
  });

  it('delivers text and HTML with the unsubscribe headers to a real SMTP server', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'Ритм <ritm@example.org>' })!;
    try {
      const { messageId } = await mailer.send(layoutMail(draft(), 'https://ritm.example.org'));
      expect(messageId).toMatch(/^<.+@.+>$/);
      const mail = smtp.received.at(-1)!;
      expect(mail.to).toEqual(['editor@example.org']);
      expect(mail.from).toBe('ritm@example.org');
      expect(mail.parsed.subject).toBe('План «Ноябрь 2026» возвращён — ЦЗН <Ленинского> района');
      expect(mail.parsed.from?.value).toEqual([{ name: 'Ритм', address: 'ritm@example.org' }]);
      expect(mail.parsed.text).toContain('«Добавьте & уточните <пост> про ярмарку»');
      expect(mail.parsed.html).toContain('Добавьте &amp; уточните &lt;пост&gt;');
      expect(mail.parsed.headers.get('content-language')).toBe('ru');
      // Long headers arrive folded onto several lines.
      const headers = mail.raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
      expect(headers).toMatch(/^List-Unsubscribe: <https:\/\/ritm\.example\.org\/api\/unsubscribe\/[^>]+>/m);
      expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    } finally {
      mailer.close();
    }
  });

  it('throws the server’s own answer when it refuses', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'ritm@example.org' })!;
    smtp.refuse({ code: 550, message: 'No such mailbox here' });
    try {
      const sent = mailer.send(layoutMail(draft(), 'https://ritm.example.org'));
      await expect(sent).rejects.toBeInstanceOf(MailRefusedError);
      await expect(sent).rejects.toMatchObject({ responseCode: 550, message: expect.stringContaining('550 No such mailbox here') });
    } finally {
      smtp.refuse(undefined);
      mailer.close();
    }
  });
});
