/**
 * Which of the encodings a Russian office saves CSV in a file's bytes are: UTF-8 (LibreOffice,
 * Google Sheets, Excel's «CSV UTF-8», our own export), Windows-1251 (Excel's «CSV (разделители —
 * запятые)» on a Russian Windows), or UTF-16 (Excel's «Текст Юникод», tabs between cells). A CSV
 * says none of them; UTF-16 at least begins with its byte-order mark.
 */

/** The encodings of a CSV the importer reads. */
export type CsvCharset = 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';

/** How a file's bytes read as UTF-8: its valid sequences of two to four bytes, and its invalid ones. */
export interface Utf8Census {
  multiByte: number;
  /** Each as the WHATWG decoder counts them: one U+FFFD apiece. */
  invalid: number;
}

/**
 * Counts a file's valid multi-byte UTF-8 sequences and its invalid ones (ASCII counts as neither:
 * both encodings share it). Overlong forms, surrogates and code points past U+10FFFF are invalid,
 * as the WHATWG decoder has them.
 *
 * @example utf8Census(new TextEncoder().encode('Дата;Тема')) // { multiByte: 8, invalid: 0 }
 * @example utf8Census(new Uint8Array([0xc4, 0xe0, 0xf2, 0xe0])) // { multiByte: 0, invalid: 4 } («Дата» in Windows-1251)
 */
export function utf8Census(bytes: Uint8Array): Utf8Census {
  let multiByte = 0;
  let invalid = 0;
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      at++;
      continue;
    }
    // The bytes that may follow the lead and how many (WHATWG Encoding, the UTF-8 decoder).
    let needed: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else {
      invalid++;
      at++;
      continue;
    }
    let seen = 0;
    while (seen < needed) {
      const next = bytes[at + 1 + seen];
      if (next === undefined || next < lower || next > upper) break;
      seen++;
      lower = 0x80;
      upper = 0xbf;
    }
    if (seen === needed) multiByte++;
    else invalid++;
    // An invalid sequence ends before the byte that broke it: that byte starts the next one.
    at += 1 + seen;
  }
  return { multiByte, invalid };
}

const BOM = [0xef, 0xbb, 0xbf] as const;
const UTF16_BOMS = [
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
] as const;

/**
 * The UTF-16 a file's byte-order mark says it is in, or undefined. Without the mark UTF-16 is not
 * guessed: Excel always writes it, and its ASCII bytes between NULs read as no other text.
 *
 * @example utf16Of(new Uint8Array([0xff, 0xfe, 0x14, 0x04])) // 'utf-16le'
 */
export function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  return UTF16_BOMS.find(([, mark]) => mark.every((byte, i) => bytes[i] === byte))?.[0];
}

/**
 * The encoding of a CSV's bytes: UTF-16 when they begin with its byte-order mark ({@link
 * utf16Of}); UTF-8 when they begin with its byte-order mark, when they are all
 * valid UTF-8 (plain ASCII included), or when their valid multi-byte sequences outnumber their
 * invalid ones; otherwise Windows-1251.
 *
 * Why the majority is a sound line: in Windows-1251 every lowercase Cyrillic letter is a byte
 * 0xE0–0xFF, and none of those can continue a UTF-8 sequence, so Russian text in Windows-1251
 * reads as one invalid sequence a letter or so. A valid pair needs a capital (0xC0–0xDF) followed
 * by one of «», dashes, «Ё/ё», «№» or a no-break space (0x80–0xBF): about one sequence in a
 * hundred even in text set in capitals, at most one in two in a snippet such as «ЁЕ». A UTF-8 file
 * is the other way round: its Cyrillic is all valid sequences, and invalid ones come from a cell
 * cut inside a letter or pasted from another file, a few among hundreds. The line between lies
 * far from both; a tie, which only a file of a few capitals could make, stays Windows-1251.
 *
 * @example csvCharset(new TextEncoder().encode('Дата;Тема')) // 'utf-8'
 * @example csvCharset(new Uint8Array([0xc4, 0xe0, 0xf2, 0xe0, 0x3b])) // 'windows-1251'
 */
export function csvCharset(bytes: Uint8Array): CsvCharset {
  const utf16 = utf16Of(bytes);
  if (utf16 !== undefined) return utf16;
  if (BOM.every((byte, i) => bytes[i] === byte)) return 'utf-8';
  const { multiByte, invalid } = utf8Census(bytes);
  return invalid === 0 || multiByte > invalid ? 'utf-8' : 'windows-1251';
}

/** Control characters no text of a table holds: all below a space but tab, line ends and form feed, and DEL. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\x01-\x08\x0b\x0e-\x1f\x7f]/;

/**
 * The 1-based line of a text's first NUL character, when NUL is the only thing in it that no
 * text holds: a text file damaged in one place (a cell pasted from a program that ends strings
 * with a zero byte, a copy cut short). Undefined when it has no NUL, and when it also has other
 * control characters: that is a binary file, no text at all.
 *
 * @example nulLine('Дата;Тема\n25.11.2026;Пост\u0000\n') // 2
 * @example nulLine('%PDF\u0001\u0000') // undefined
 */
export function nulLine(text: string): number | undefined {
  const at = text.indexOf('\u0000');
  if (at < 0 || CONTROL.test(text)) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
