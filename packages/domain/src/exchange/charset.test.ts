import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCharset, nulLine, utf16Of, utf8Census } from './charset.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Windows-1251 as Russian Excel writes it, for the letters and signs a media plan has. */
const CP1251: Readonly<Record<string, number>> = { Ё: 0xa8, ё: 0xb8, '«': 0xab, '»': 0xbb, '—': 0x97, '–': 0x96, '№': 0xb9, '\u00a0': 0xa0 };
function cp1251(text: string): Uint8Array {
  return Uint8Array.from([...text], (ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    const byte = CP1251[ch];
    if (byte === undefined) throw new Error(`no Windows-1251 byte for ${ch}`);
    return byte;
  });
}

/**
 * Words of media plans as people write them: capitals, «Ё», quotes, dashes, no-break spaces. (Only
 * capitals followed by «Ё» or a no-break space and nothing else, «МЁД\u00a0», could pass for
 * UTF-8: no file is written so.)
 */
const WORDS = ['Дата', 'Тема', 'Формат', 'Канал', 'пост', 'Пресс-релиз', 'ЯРМАРКА', 'вакансий', 'ЦЗН', 'Ещё', 'ЕЩЁ', 'ВСЁ', 'Всё', '«ВК»', '«Профсоюз»', 'ООО', '№ 5', '—', 'МЁД', 'Ёлка', 'итоги', 'ВКонтакте', 'Telegram', '25.11.2026', '1\u00a0200', 'г.\u00a0Москва'];
const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }).chain((words) =>
  fc.array(fc.constantFrom(' ', ';', ', ', '\r\n'), { minLength: words.length, maxLength: words.length }).map((gaps) => words.map((w, i) => w + gaps[i]).join('')),
);

describe('the encoding of a CSV', () => {
  it('counts valid and invalid UTF-8 sequences as the WHATWG decoder reads them', () => {
    expect(utf8Census(utf8('Дата;Тема'))).toEqual({ multiByte: 8, invalid: 0 });
    expect(utf8Census(cp1251('Дата'))).toEqual({ multiByte: 0, invalid: 4 });
    // A letter cut in two, an overlong «/», a surrogate, a code point past U+10FFFF.
    expect(utf8Census(Uint8Array.from([0xd0, 0x3b, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]))).toEqual({ multiByte: 0, invalid: 10 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        // U+FFFD itself (EF BF BD) is valid text: without it, each U+FFFD decoded is an invalid sequence.
        fc.pre(!bytes.some((b, i) => b === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd));
        const decoded = [...new TextDecoder().decode(bytes)];
        expect(utf8Census(bytes)).toEqual({
          multiByte: decoded.filter((ch) => ch.codePointAt(0)! >= 0x80 && ch !== '\ufffd').length,
          invalid: decoded.filter((ch) => ch === '\ufffd').length,
        });
      }),
    );
  });

  it('reads UTF-8 as UTF-8, with a byte-order mark or without, plain ASCII included', () => {
    expect(csvCharset(utf8('Дата;Тема;Формат\r\n25.11.2026;Ярмарка вакансий;пост'))).toBe('utf-8');
    expect(csvCharset(Uint8Array.from([0xef, 0xbb, 0xbf, ...cp1251('Дата;Тема')]))).toBe('utf-8');
    expect(csvCharset(utf8('Date;Title;Format\n2026-11-25;Job fair;post'))).toBe('utf-8');
    expect(csvCharset(new Uint8Array())).toBe('utf-8');
  });

  it('reads Windows-1251 as Windows-1251, a file with a few Cyrillic letters or in capitals too', () => {
    expect(csvCharset(cp1251('Дата;Тема;Формат\r\n25.11.2026;Ярмарка вакансий;пост'))).toBe('windows-1251');
    expect(csvCharset(cp1251('Date;Title;Format\r\n2026-11-25;Job fair;пост'))).toBe('windows-1251');
    // A capital before «»», «Ё» or a dash is a valid UTF-8 pair (Р» is «л»): never most of a file.
    expect(csvCharset(cp1251('Date;Title\r\n2026-11-25;«ЁЕ»'))).toBe('windows-1251');
    expect(csvCharset(cp1251('Date;Title\r\n2026-11-25;ВК»'))).toBe('windows-1251');
    expect(csvCharset(cp1251('ООО «ВЕКТОР» — ЕЩЁ МЁД'))).toBe('windows-1251');
    fc.assert(
      fc.property(text, (t) => {
        // ASCII alone is the same in both, and read as UTF-8.
        fc.pre(/[^\x20-\x7e\r\n]/.test(t));
        expect(csvCharset(cp1251(t))).toBe('windows-1251');
      }),
    );
  });

  it('reads UTF-8 with fewer bytes that are not UTF-8 than letters that are as UTF-8', () => {
    // A cell cut inside a letter, and one pasted from a Windows-1251 file.
    expect(csvCharset(Uint8Array.from([...utf8('Дата;Тема;Формат\n25.11.2026;Пост о ярм'), 0xd0, ...utf8(';пост')]))).toBe('utf-8');
    expect(csvCharset(Uint8Array.from([...utf8('Дата;Тема;Формат\n25.11.2026;'), ...cp1251('Пост'), ...utf8(';пост')]))).toBe('utf-8');
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff }))), (t, stray) => {
        const letters = [...t].filter((ch) => ch.codePointAt(0)! >= 0x80).length;
        fc.pre(stray.length < letters);
        // Stray bytes between whole characters: each is one invalid sequence, and breaks no letter.
        const chars = [...t].map(utf8);
        for (const [at, byte] of stray) chars.splice(at % (chars.length + 1), 0, Uint8Array.of(byte));
        expect(csvCharset(Uint8Array.from(chars.flatMap((c) => [...c])))).toBe('utf-8');
      }),
    );
  });
});

describe('a CSV that is not UTF-8 or Windows-1251', () => {
  it('is UTF-16 when it begins with that byte-order mark (Excel’s «Текст Юникод»)', () => {
    const le = Uint8Array.from([0xff, 0xfe, 0x14, 0x04, 0x30, 0x04]);
    const be = Uint8Array.from([0xfe, 0xff, 0x04, 0x14, 0x04, 0x30]);
    expect(utf16Of(le)).toBe('utf-16le');
    expect(csvCharset(le)).toBe('utf-16le');
    expect(csvCharset(be)).toBe('utf-16be');
    expect(utf16Of(utf8('Дата'))).toBeUndefined();
  });

  it('names the line of a NUL in text, and nothing in a binary file', () => {
    expect(nulLine('Дата;Тема\n25.11.2026;Пост\u0000\n')).toBe(2);
    expect(nulLine('\u0000Дата;Тема')).toBe(1);
    expect(nulLine('Дата;Тема\r\n1;2\r\n3;4\u0000')).toBe(3);
    expect(nulLine('Дата;Тема')).toBeUndefined();
    expect(nulLine('PK\u0003\u0004\u0000\u0000')).toBeUndefined();
  });
});
