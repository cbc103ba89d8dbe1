import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody } from '@ritm/contracts/common';
import { UnsubscribeParams, UnsubscribeUndoQuery } from '@ritm/contracts/unsubscribe';
import { undoUnsubscribe, unsubscribe } from '@ritm/domain/unsubscribe';
import { Type } from 'typebox';
import { render, type Language } from '../../http/messages.js';
import { kindLabel } from '../../notifications/mail-layout.js';
import { readUnsubscribeToken, unsubscribeSignatureValid } from '../../notifications/unsubscribe-token.js';
import { preferredLanguage } from '../../plugins/errors.js';
import { preferencesOf, savePreferences } from '../../repositories/notification-preferences.js';
import { findUnsubscribeTarget } from '../../repositories/unsubscribe.js';
import { unsubscribePage } from './page.js';

const html = { content: { 'text/html': { schema: Type.String() } } };

/**
 * One-click unsubscribe (issue 14, RFC 8058): the link in every mail's footer and its
 * `List-Unsubscribe` header. `GET` (a person's click) and `POST` (a mail client's one-click, body
 * `List-Unsubscribe=One-Click`) unsubscribe at once, no login needed — the token is signed with the
 * person's own secret — and answer a small translated page with an undo button. `HEAD` (what link
 * scanners send) only says whether the link holds and never changes anything. A forged or stale
 * token answers a translated 404 page and changes nothing.
 */
const unsubscribeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const publicUrl = app.ritmConfig.publicUrl;
  const ritmUrl = (request: FastifyRequest) => `${publicUrl ?? `${request.protocol}://${request.host}`}/profile`;

  // What mail clients post (RFC 8058 §3.1: `List-Unsubscribe=One-Click`, form-encoded): only that
  // it came matters, so the body is taken as it is and not read. In this plugin's scope only.
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, body));

  /** The person and scope of a genuine token, or the 404 page already sent. */
  async function verified(token: string, request: FastifyRequest, reply: FastifyReply) {
    const claim = readUnsubscribeToken(token);
    const target = claim && (await findUnsubscribeTarget(db, claim.userId));
    if (!claim || !target || !unsubscribeSignatureValid(claim, target.secret)) {
      const lang = preferredLanguage(request);
      await send(reply, 404, {
        lang,
        title: render({ key: 'unsubscribe.invalid.title' }, lang),
        text: render({ key: 'unsubscribe.invalid.text' }, lang),
        link: { label: render({ key: 'unsubscribe.settings' }, lang), href: ritmUrl(request) },
      });
      return undefined;
    }
    return { userId: claim.userId, scope: claim.scope, lang: target.locale };
  }

  async function unsubscribeNow(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) {
    const found = await verified(request.params.token, request, reply);
    if (!found) return reply;
    const was = await db.transaction().execute(async (trx) => {
      const current = (await preferencesOf(trx, [found.userId])).get(found.userId)!;
      const changed = unsubscribe(current, found.scope);
      await savePreferences(trx, found.userId, changed.preferences);
      return changed.was;
    });
    const { lang, scope } = found;
    // Relative to this page's own address: right behind a path prefix too.
    const undo = `${encodeURIComponent(request.params.token)}/undo?was=${Buffer.from(JSON.stringify(was)).toString('base64url')}`;
    return send(reply, 200, {
      lang,
      title: render({ key: 'unsubscribe.done.title' }, lang),
      text: scope === 'all' ? render({ key: 'unsubscribe.done.all' }, lang) : render({ key: 'unsubscribe.done.text', params: { kind: kindLabel(scope, lang) } }, lang),
      button: { label: render({ key: 'unsubscribe.undo' }, lang), action: undo },
      link: { label: render({ key: 'unsubscribe.settings' }, lang), href: ritmUrl(request) },
    });
  }

  const schema = (summary: string) => ({ tags: ['notifications'], summary, params: UnsubscribeParams, response: { 200: html, 400: ErrorBody, 404: html } });

  app.get(
    '/unsubscribe/:token',
    // Fastify would answer HEAD with this handler, and so unsubscribe whoever's link a scanner looks at.
    { config: { public: true }, exposeHeadRoute: false, schema: schema('Unsubscribe from one kind of mail (or all) at once: the link in every mail; answers a page with an undo button') },
    unsubscribeNow,
  );
  // A link scanner's (or a mail client's) look: whether the link holds, and nothing changed.
  app.head('/unsubscribe/:token', { config: { public: true }, schema: { tags: ['notifications'], summary: 'Whether an unsubscribe link holds (200) or not (404); changes nothing', params: UnsubscribeParams } }, async (request, reply) => {
    const found = await verified(request.params.token, request, reply);
    if (!found) return reply;
    return reply.code(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send('');
  });
  app.post('/unsubscribe/:token', { config: { public: true }, schema: schema('One-click unsubscribe for mail clients (RFC 8058 List-Unsubscribe-Post)') }, unsubscribeNow);

  app.post(
    '/unsubscribe/:token/undo',
    { config: { public: true }, schema: { ...schema('Undo an unsubscribe: gives back the choices it turned off'), querystring: UnsubscribeUndoQuery } },
    async (request, reply) => {
      const found = await verified(request.params.token, request, reply);
      if (!found) return reply;
      const was = readWas(request.query.was);
      await db.transaction().execute(async (trx) => {
        const current = (await preferencesOf(trx, [found.userId])).get(found.userId)!;
        await savePreferences(trx, found.userId, undoUnsubscribe(current, found.scope, was));
      });
      const { lang, scope } = found;
      return send(reply, 200, {
        lang,
        title: render({ key: 'unsubscribe.undone.title' }, lang),
        text: scope === 'all' ? render({ key: 'unsubscribe.undone.all' }, lang) : render({ key: 'unsubscribe.undone.text', params: { kind: kindLabel(scope, lang) } }, lang),
        link: { label: render({ key: 'unsubscribe.settings' }, lang), href: ritmUrl(request) },
      });
    },
  );
};

/** The undo's record of what was there; anything unreadable gives back nothing. */
function readWas(raw: string | undefined): unknown {
  if (raw === undefined) return {};
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
  } catch {
    return {};
  }
}

function send(reply: FastifyReply, status: 200 | 404, page: { lang: Language; title: string; text: string; button?: { label: string; action: string }; link?: { label: string; href: string } }) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(unsubscribePage(page));
}

export default unsubscribeRoutes;
