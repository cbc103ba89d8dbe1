import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Feeds for tests and benchmarks: the recorded fixtures, and WordPress-shaped RSS 2.0 feeds of any
// length (the evidence bench reads a 1,000-entry one).

const FIXTURES = new URL('./fixtures/evidence/feeds/', import.meta.url);

/** A recorded feed fixture's bytes (`wordpress-rss2.xml`, `atom.xml`, …). */
export function feedFixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(name, FIXTURES)));
}

export interface WordpressEntry {
  title: string;
  /** The post's address; also makes its guid unless `guid` is given. */
  url: string;
  /** ISO instant. */
  publishedAt: string;
  /** HTML of `content:encoded`. */
  html?: string;
  guid?: string;
  comments?: number;
}

export interface WordpressFeedOptions {
  /** The site's address, without a trailing slash. */
  site?: string;
  title?: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** CDATA that survives a `]]>` inside the HTML. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** RFC 822 as WordPress writes it (`Thu, 19 Nov 2026 07:30:00 +0000`). */
function rfc822(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

/** A WordPress 6 RSS 2.0 feed (its template's shape) of the given entries. */
export function wordpressFeed(entries: readonly WordpressEntry[], options: WordpressFeedOptions = {}): string {
  const site = options.site ?? 'https://czn-sokol.example';
  const items = entries.map((entry, index) => {
    const html = entry.html ?? `<p>${escapeXml(entry.title)}.</p>`;
    const guid = entry.guid ?? `${site}/?p=${1000 + index}`;
    return `	<item>
		<title>${escapeXml(entry.title)}</title>
		<link>${escapeXml(entry.url)}</link>
					<comments>${escapeXml(entry.url)}#respond</comments>
		<dc:creator>${cdata('Пресс-служба')}</dc:creator>
		<pubDate>${rfc822(entry.publishedAt)}</pubDate>
				<category>${cdata('Новости')}</category>
		<guid isPermaLink="false">${escapeXml(guid)}</guid>
					<description>${cdata(html.replace(/<[^>]*>/g, '').slice(0, 200))}</description>
										<content:encoded>${cdata(html)}</content:encoded>
					<wfw:commentRss>${escapeXml(entry.url)}feed/</wfw:commentRss>
			<slash:comments>${entry.comments ?? 0}</slash:comments>
			</item>
`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>${escapeXml(options.title ?? 'Центр занятости населения')}</title>
	<atom:link href="${escapeXml(site)}/feed/" rel="self" type="application/rss+xml" />
	<link>${escapeXml(site)}</link>
	<description>Официальный сайт</description>
	<language>ru-RU</language>
	<generator>https://wordpress.org/?v=6.6.2</generator>
${items.join('')}	</channel>
</rss>
`;
}

/**
 * `count` WordPress-style entries, one an hour back from `latest` (newest first, as WordPress lists
 * them), with Russian titles that differ from each other.
 */
export function wordpressEntries(count: number, latest = '2026-11-20T09:00:00.000Z', site = 'https://czn-sokol.example'): WordpressEntry[] {
  const topics = ['Ярмарка вакансий', 'Приём граждан', 'Обучение безработных', 'Итоги месяца', 'Встреча с работодателями', 'Профориентация школьников'];
  const start = Date.parse(latest);
  return Array.from({ length: count }, (_, index) => {
    const title = `${topics[index % topics.length]} № ${count - index}`;
    return {
      title,
      url: `${site}/news/${count - index}/`,
      publishedAt: new Date(start - index * 3_600_000).toISOString(),
      html: `<p>${title}: подробности на&nbsp;сайте &laquo;ЦЗН&raquo;.</p><p>Телефон 2-14-56.</p>`,
      comments: index % 5,
    };
  });
}

/** A WordPress RSS 2.0 feed of `count` entries (the evidence bench parses a 1,000-entry one). */
export function wordpressFeedOf(count: number, options: WordpressFeedOptions & { latest?: string } = {}): string {
  return wordpressFeed(wordpressEntries(count, options.latest, options.site), options);
}
