import { describe, expect, it } from 'vitest';
import { feedFixture, sourceErrorOf, wordpressFeed, wordpressFeedOf } from '../../../test/evidence-feeds.js';
import { decodeFeedText, MAX_FEED_ENTRIES, parseFeed } from './feed.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseFeed: WordPress RSS 2.0', () => {
  const posts = parseFeed(feedFixture('wordpress-rss2.xml'), { contentType: 'application/rss+xml; charset=UTF-8', url: 'https://czn-sokol.example/feed/' });

  it('reads every entry, newest first, keyed by its guid', () => {
    expect(posts.map((post) => post.externalId)).toEqual([
      'https://czn-sokol.example/?p=4817',
      'https://czn-sokol.example/?p=4811',
      'https://czn-sokol.example/?p=4790',
    ]);
  });

  it('takes the link as the address (the guid is no permalink), the date in UTC, comments from slash:comments', () => {
    expect(posts[0]).toMatchObject({
      url: 'https://czn-sokol.example/2026/11/yarmarka-vakansij-rabota-ryadom/',
      title: 'Ярмарка вакансий «Работа рядом» пройдёт 20 ноября',
      publishedAt: '2026-11-19T07:30:00.000Z',
      reach: { views: null, likes: null, reposts: null, comments: 3 },
    });
    expect(posts[2]?.reach.comments).toBeNull();
  });

  it('turns content:encoded into plain text: entities decoded, script, style and comments gone, blocks on lines', () => {
    const text = posts[0]?.text ?? '';
    expect(text).toBe(
      [
        '20 ноября в 10:00 в здании центра занятости (ул. Советская, 12) пройдёт ярмарка вакансий «Работа рядом».',
        'Участвуют 14 работодателей района: ООО "Сокольский ЦБК", ГБУЗ & поликлиника, школы.',
        'вакансии для молодёжи;',
        'консультации юриста.',
        'Телефон для справок: 8 (81733) 2-14-56.',
      ].join('\n'),
    );
    expect(text).not.toMatch(/dataLayer|wp-block|<|&\w+;/);
    expect(posts[1]?.text.split('\n')[0]).toBe('Шаг 1. Заявление');
  });
});

describe('parseFeed: other formats', () => {
  it('reads Atom: html and xhtml content, relative links against xml:base, published else updated, undated entries skipped', () => {
    const posts = parseFeed(feedFixture('atom.xml'), { contentType: 'application/atom+xml', url: 'https://mfc-vologda.example/news/atom.xml' });
    expect(posts).toEqual([
      {
        externalId: 'tag:mfc-vologda.example,2026-11-20:/news/ofis-sheksna',
        url: 'https://mfc-vologda.example/news/2026/11/ofis-sheksna/',
        title: 'Новый офис «Мои документы» в Шексне',
        text: 'С 23 ноября в Шексне работает новый офис «Мои документы».\nАдрес: ул. Победы, 1.',
        publishedAt: '2026-11-20T07:00:00.000Z',
        reach: { views: null, likes: null, reposts: null, comments: null },
      },
      {
        externalId: 'urn:uuid:6c7a1f3e-2b7e-4d7c-9a53-0f3c1d2e8b41',
        url: 'https://mfc-vologda.example/news/2026/11/prazdniki/',
        title: 'Режим работы в праздничные дни',
        text: '4 ноября офисы не работают.\n5 ноября — по обычному графику.',
        publishedAt: '2026-11-18T09:30:00.000Z',
        reach: { views: null, likes: null, reposts: null, comments: null },
      },
    ]);
  });

  it('reads Dzen RSS: guid as the id, GMT dates, the figure caption kept as text, the image dropped', () => {
    const posts = parseFeed(feedFixture('dzen-rss.xml'), { contentType: 'application/rss+xml; charset=utf-8' });
    expect(posts.map(({ externalId, url, publishedAt }) => ({ externalId, url, publishedAt }))).toEqual([
      { externalId: 'Z1sKq2WbVnN3xYzA', url: 'https://dzen.ru/a/Z1sKq2WbVnN3xYzA', publishedAt: '2026-11-20T12:40:00.000Z' },
      { externalId: 'Z1pR8mAbc1XyQwE2', url: 'https://dzen.ru/a/Z1pR8mAbc1XyQwE2', publishedAt: '2026-11-18T08:00:00.000Z' },
    ]);
    expect(posts[0]?.text).toBe('Фото: ЦЗН Сокол\nНа ярмарку пришли 120 соискателей, 31 из них получил приглашение на собеседование.\nСледующая ярмарка — в декабре.');
  });

  it('reads JSON Feed 1.1: content_html as text, content_text kept, relative url resolved, a title from the first line when empty', () => {
    const posts = parseFeed(feedFixture('json-feed-1.1.json'), { contentType: 'application/feed+json', url: 'https://gorizont.example/feed.json' });
    expect(posts).toEqual([
      {
        externalId: 'https://gorizont.example/posts/kvest-2026',
        url: 'https://gorizont.example/posts/kvest-2026',
        title: 'Городской квест «Тайны Сокола»',
        text: '21 ноября — городской квест для школьников.\nРегистрация — до 19 ноября.',
        publishedAt: '2026-11-16T12:00:00.000Z',
        reach: { views: null, likes: null, reposts: null, comments: null },
      },
      {
        externalId: '2417',
        url: 'https://gorizont.example/posts/volontery',
        title: 'Набираем волонтёров на Новогодний марафон.',
        text: 'Набираем волонтёров на Новогодний марафон.\nПисать в сообщения группы.',
        publishedAt: '2026-11-14T09:30:00.000Z',
        reach: { views: null, likes: null, reposts: null, comments: null },
      },
    ]);
  });

  it('reads JSON Feed 1.0 with numeric ids', () => {
    const feed = { version: 'https://jsonfeed.org/version/1', title: 'x', items: [{ id: 17, url: 'https://a.example/17', content_text: 'Пост', date_published: '2026-11-01T10:00:00+03:00' }] };
    expect(parseFeed(utf8(JSON.stringify(feed)))).toMatchObject([{ externalId: '17', title: 'Пост', publishedAt: '2026-11-01T07:00:00.000Z' }]);
  });

  it('reads windows-1251 and koi8-r feeds by their XML declaration, Russian month names and MSK included', () => {
    for (const name of ['windows-1251-rss.xml', 'koi8-r-rss.xml']) {
      const posts = parseFeed(feedFixture(name), { contentType: 'text/xml' });
      expect(posts.map((post) => post.publishedAt), name).toEqual(['2026-11-20T11:30:00.000Z', '2026-11-19T06:00:00.000Z']);
      expect(posts[0]?.title, name).toBe('Приём граждан главой округа');
      // Yandex's full text is preferred to the short description.
      expect(posts[0]?.text, name).toMatch(/^Глава округа проведёт приём граждан 24 ноября с 14:00 в кабинете (№|N) 5\./);
      expect(posts[0]?.externalId, name).toBe('https://sokol-adm.example/news/12345/');
    }
  });

  it('reads RSS 1.0 (RDF) with dc:date', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://a.example/"><title>A</title></channel>
      <item rdf:about="https://a.example/1"><title>Первый</title><link>https://a.example/1</link><dc:date>2026-11-02T08:00:00+03:00</dc:date></item>
    </rdf:RDF>`;
    expect(parseFeed(utf8(rdf))).toMatchObject([{ externalId: 'https://a.example/1', url: 'https://a.example/1', title: 'Первый', publishedAt: '2026-11-02T05:00:00.000Z' }]);
  });

  it('reads the generated 1,000-entry WordPress feed whole', () => {
    const posts = parseFeed(utf8(wordpressFeedOf(1000)));
    expect(posts).toHaveLength(1000);
    expect(new Set(posts.map((post) => post.externalId)).size).toBe(1000);
    expect(posts[0]).toMatchObject({ title: 'Ярмарка вакансий № 1000', publishedAt: '2026-11-20T09:00:00.000Z' });
  });
});

describe('parseFeed: bad input', () => {
  it('says where a truncated feed stops', async () => {
    const error = await sourceErrorOf(() => parseFeed(feedFixture('truncated.xml')));
    expect(error.code).toBe('malformed');
    expect(error.params).toMatchObject({ reason: 'truncated', line: 70 });
  });

  it('says where broken XML breaks', async () => {
    const error = await sourceErrorOf(() => parseFeed(utf8('<rss version="2.0">\n<channel>\n<item><title>a</titel></item>\n</channel>\n</rss>')));
    expect(error.code).toBe('malformed');
    expect(error.params).toMatchObject({ reason: 'syntax', line: 3 });
  });

  it('refuses bytes invalid in the declared charset', async () => {
    const error = await sourceErrorOf(() => parseFeed(feedFixture('wrong-encoding.xml'), { contentType: 'application/rss+xml; charset=UTF-8' }));
    expect(error.code).toBe('encoding');
    expect(error.params).toEqual({ charset: 'utf-8' });
    expect((await sourceErrorOf(() => parseFeed(utf8('<rss/>'), { contentType: 'text/xml; charset=x-unknown' }))).params).toEqual({ charset: 'x-unknown' });
  });

  it('believes the document when the server’s charset does not fit its bytes, either way round', () => {
    expect(parseFeed(feedFixture('windows-1251-rss.xml'), { contentType: 'text/xml; charset=utf-8' })).toHaveLength(2);
    // A UTF-8 WordPress feed under a hosting-wide `charset=windows-1251`: read as UTF-8, not as mojibake.
    const [post] = parseFeed(feedFixture('wordpress-rss2.xml'), { contentType: 'text/xml; charset=windows-1251' });
    expect(post?.title).toBe('Ярмарка вакансий «Работа рядом» пройдёт 20 ноября');
  });

  it('tells an HTML page, other XML, other JSON and an empty answer from a feed', async () => {
    expect((await sourceErrorOf(() => parseFeed(feedFixture('html-page.html'), { contentType: 'text/html; charset=utf-8' }))).params).toEqual({ reason: 'not_a_feed', found: 'html' });
    expect((await sourceErrorOf(() => parseFeed(utf8('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/</loc></url></urlset>')))).params).toEqual({ reason: 'not_a_feed', found: 'xml' });
    expect((await sourceErrorOf(() => parseFeed(utf8('{"response":{"items":[]}}')))).params).toEqual({ reason: 'not_a_feed', found: 'json' });
    expect((await sourceErrorOf(() => parseFeed(utf8('  \n')))).params).toEqual({ reason: 'not_a_feed', found: 'empty' });
    expect((await sourceErrorOf(() => parseFeed(utf8('Not Found')))).params).toEqual({ reason: 'not_a_feed', found: 'text' });
  });

  it('says where broken or cut JSON fails', async () => {
    expect((await sourceErrorOf(() => parseFeed(utf8('{"version": "https://jsonfeed.org/version/1.1",\n "items": [ {"id": "1",')))).params).toMatchObject({ reason: 'truncated', line: 2 });
    expect((await sourceErrorOf(() => parseFeed(utf8('{"version": 1,\n "items": [ }')))).params).toMatchObject({ reason: 'syntax', line: 2 });
  });

  it('expands no entity a DOCTYPE declares (no billion laughs, no external file)', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title><guid>1</guid><pubDate>Thu, 19 Nov 2026 07:30:00 +0000</pubDate></item></channel></rss>`;
    const [post] = parseFeed(utf8(lol));
    expect(post?.title).toBe('&lol9;');
    const external = lol.replace(']>', ' <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>').replace('&lol9;', '&xxe;');
    expect(parseFeed(utf8(external))[0]?.title).toBe('&xxe;');
  });

  it('skips entries without a usable date or without an id and a link', () => {
    const feed = wordpressFeed([
      { title: 'С датой', url: 'https://a.example/1', publishedAt: '2026-11-01T10:00:00.000Z' },
      { title: 'Без даты', url: 'https://a.example/2', publishedAt: '2026-11-01T10:00:00.000Z' },
    ]).replace(/<pubDate>[^<]*<\/pubDate>(?![\s\S]*<pubDate>)/, '<pubDate>когда-нибудь</pubDate>');
    expect(parseFeed(utf8(feed)).map((post) => post.title)).toEqual(['С датой']);
    const anonymous = '<rss version="2.0"><channel><item><title>Никак</title><pubDate>Thu, 19 Nov 2026 07:30:00 +0000</pubDate></item></channel></rss>';
    expect(parseFeed(utf8(anonymous))).toEqual([]);
  });

  it('keeps at most MAX_FEED_ENTRIES entries and bounds titles and texts', () => {
    const long = 'Слово '.repeat(5000);
    const feed = wordpressFeed([{ title: long, url: 'https://a.example/1', publishedAt: '2026-11-01T10:00:00.000Z', html: `<p>${long}</p>` }]);
    const [post] = parseFeed(utf8(feed));
    expect(post?.title.length).toBeLessThanOrEqual(300);
    expect(post?.text.length).toBeLessThanOrEqual(10_000);
    expect(post?.text.endsWith('…')).toBe(true);
    const many = { version: 'https://jsonfeed.org/version/1.1', items: Array.from({ length: MAX_FEED_ENTRIES + 10 }, (_, index) => ({ id: String(index), content_text: 'x', date_published: '2026-11-01T10:00:00Z' })) };
    expect(parseFeed(utf8(JSON.stringify(many)))).toHaveLength(MAX_FEED_ENTRIES);
  });

  it('takes the first body with text, and keeps titles on one line', async () => {
    const feed = `<rss version="2.0"><channel><item><title>Две
      строки</title><guid>g</guid><pubDate>Thu, 19 Nov 2026 07:30:00 +0000</pubDate>
      <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[ ]]></content:encoded><description>Описание</description></item></channel></rss>`;
    expect(parseFeed(utf8(feed))).toMatchObject([{ title: 'Две строки', text: 'Описание' }]);
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e</id><updated>2026-11-19T07:30:00Z</updated>
      <content src="https://a.example/e" type="text/html"/><summary>Кратко</summary></entry></feed>`;
    expect(parseFeed(utf8(atom))).toMatchObject([{ title: 'Кратко', text: 'Кратко', url: null }]);
  });

  it('keeps a long key as it was up to 1,000 characters and 2,000 bytes of UTF-8, past that as its SHA-256; drops links longer than an item holds', () => {
    const entry = (guid: string, link = 'https://a.example/1') =>
      `<rss version="2.0"><channel><item><title>x</title><guid>${guid}</guid><link>${link}</link><pubDate>Thu, 19 Nov 2026 07:30:00 +0000</pubDate></item></channel></rss>`;
    const ascii = `https://a.example/${'a'.repeat(1200)}`;
    expect(parseFeed(utf8(entry(ascii)))[0]?.externalId).toBe(ascii.slice(0, 1000));
    // Cyrillic is 2 bytes a letter, so 1,000 characters of it fit; Chinese (3) and emoji (4) do not.
    const cyrillic = `https://a.example/${'новость'.repeat(150)}`;
    expect(parseFeed(utf8(entry(cyrillic)))[0]?.externalId).toBe(cyrillic.slice(0, 1000));
    const wide = `https://a.example/${'新闻📰'.repeat(400)}`;
    const [hashed] = parseFeed(utf8(entry(wide)));
    expect(hashed?.externalId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parseFeed(utf8(entry(wide)))[0]?.externalId).toBe(hashed?.externalId);
    expect(parseFeed(utf8(entry(`${wide}新`)))[0]?.externalId).not.toBe(hashed?.externalId);
    const longLink = `https://a.example/?${'q=1&'.repeat(600)}`;
    expect(parseFeed(utf8(entry('g', longLink)))[0]).toMatchObject({ externalId: 'g', url: null });
    expect(parseFeed(utf8(entry('g', 'https://a.example/ok')))[0]?.url).toBe('https://a.example/ok');
  });

  it('keeps only http(s) links', () => {
    const feed = '<rss version="2.0"><channel><item><title>x</title><link>javascript:alert(1)</link><guid>g1</guid><pubDate>Thu, 19 Nov 2026 07:30:00 +0000</pubDate></item></channel></rss>';
    expect(parseFeed(utf8(feed))).toMatchObject([{ externalId: 'g1', url: null }]);
  });
});

describe('parseFeed: namespaced RSS', () => {
  it('reads RSS 2.0 whose generator put a default namespace on it', () => {
    const feed = '<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><item><title>Пост</title><link>https://a.example/1</link><pubDate>Thu, 19 Nov 2026 07:30:00 +0000</pubDate></item></channel></rss>';
    expect(parseFeed(utf8(feed))).toMatchObject([{ externalId: 'https://a.example/1', title: 'Пост' }]);
  });
});

describe('decodeFeedText', () => {
  it('reads UTF-16 with its byte order mark', () => {
    const text = '<rss>Пост</rss>';
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    expect(decodeFeedText(le, 'text/xml; charset=utf-8')).toBe(text);
  });

  it('lets a byte order mark decide and strips it', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<rss/>')]);
    expect(decodeFeedText(bom, 'text/xml; charset=windows-1251')).toBe('<rss/>');
  });
});
