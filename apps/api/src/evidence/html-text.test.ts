import { describe, expect, it } from 'vitest';
import { htmlToText, tidyText, truncate } from './html-text.js';

describe('htmlToText', () => {
  it('decodes entities, named and numeric', () => {
    expect(htmlToText('&laquo;Работа&raquo;&nbsp;&mdash; &#171;да&#187; &#x44F; &amp;amp; &quot;q&quot;')).toBe('«Работа» — «да» я &amp; "q"');
  });

  it('drops scripts, styles, comments and other things no reader sees', () => {
    const html = '<p>до</p><script>alert("<p>x</p>")</script><style>p{color:red}</style><!-- скрыто --><noscript>n</noscript><template>t</template><svg><text>s</text></svg><iframe src="x">i</iframe><p>после</p>';
    expect(htmlToText(html)).toBe('до\nпосле');
  });

  it('puts blocks and line breaks on lines of their own, table cells apart, inline elements inline', () => {
    expect(htmlToText('<h2>Заголовок</h2><p>Раз <b>два</b> <a href="#">три</a><br>четыре</p><ul><li>a</li><li>b</li></ul><table><tr><td>1</td><td>2</td></tr></table>')).toBe(
      'Заголовок\nРаз два три\nчетыре\na\nb\n1 2',
    );
  });

  it('collapses whitespace, no-break and zero-width spaces included, and keeps no empty lines', () => {
    expect(htmlToText('<p>  a \t\n b&nbsp;&nbsp;c\u200b</p>\n\n\n<p></p><div>  </div><p>d</p>')).toBe('a b c\nd');
  });

  it('keeps the lines of pre-formatted text, and of a field without any markup', () => {
    expect(htmlToText('<p>a\nb</p><pre>c\nd</pre>')).toBe('a b\nc\nd');
    expect(htmlToText('Первая строка\nвторая &amp; третья')).toBe('Первая строка\nвторая & третья');
  });

  it('survives broken HTML', () => {
    expect(htmlToText('<p>a <b>b <i>c</p> d </div> e <')).toBe('a b c\nd e <');
  });

  it('stops at its length, however long the page', () => {
    const text = htmlToText(`<p>${'слово '.repeat(1_000_000)}</p>`, 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('tidyText and truncate', () => {
  it('tidies plain text the same way', () => {
    expect(tidyText(' a\r\n\r\n  b \u2028c ')).toBe('a\nb\nc');
  });

  it('cuts at a word when one is near the end, never inside a surrogate pair', () => {
    expect(truncate('раз два три четыре', 12)).toBe('раз два три…');
    expect(truncate('абвгдежзийклмн', 6)).toBe('абвгд…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });
});
