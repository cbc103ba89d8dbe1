/**
 * Attachments: the files that prove a publication or an event — a photo of the notice board, a
 * scan of the newspaper page, a PDF. Their type is told by their first bytes, never by the name
 * or the type a browser claims: a text file called `photo.jpg` is refused.
 */

/** The types an attachment may be. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/heif', 'application/pdf'] as const;

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The largest file by default, in MB (a phone's photo is 2–6 MB; the server's RITM_ATTACHMENT_MAX_MB may change it). */
export const DEFAULT_ATTACHMENT_MAX_MB = 10;

/** What one organisation's files may take together by default, in MB (RITM_ORG_ATTACHMENTS_MB). */
export const DEFAULT_ORG_ATTACHMENTS_MB = 500;

const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

// ISO base media brands (bytes 8–11 after `ftyp`): HEVC-coded HEIF is what phones write as .heic.
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const HEIF_BRANDS = new Set(['mif1', 'msf1']);

/**
 * The type of a file by its signature ("magic bytes"), or undefined when it is none of
 * {@link ATTACHMENT_TYPES}.
 *
 * @example attachmentTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])) // 'image/jpeg'
 * @example attachmentTypeOf(new TextEncoder().encode('%PDF-1.7')) // 'application/pdf'
 * @example attachmentTypeOf(new TextEncoder().encode('hello')) // undefined
 */
export function attachmentTypeOf(bytes: Uint8Array): AttachmentType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return 'image/gif';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (HEIC_BRANDS.has(brand)) return 'image/heic';
    if (HEIF_BRANDS.has(brand)) return 'image/heif';
  }
  return undefined;
}

/**
 * Control characters (C0, DEL, C1: a line break in a name would split a header or a log line) and
 * the marks that reorder text shown after them (bidirectional embeddings, overrides and isolates:
 * «фото\u202Egpj.exe» shows as «фотоexe.jpg»). No file's name needs them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is taken out
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file's name as kept: its last part after any `/` or `\` (a browser may send the path it was
 * picked from, a client `../../etc/passwd`), without characters a name cannot show honestly
 * (`UNSHOWABLE`), spaces at either end let go. The name is shown and offered on download, never
 * used as a path; a folder's name alone is no file's name, so a name left empty is the caller's to
 * refuse.
 *
 * @example attachmentName('C:\\Users\\Анна\\стенд.jpg') // 'стенд.jpg'
 * @example attachmentName('../../etc/passwd') // 'passwd'
 * @example attachmentName('отчёт\u202Efdp.exe') // 'отчётfdp.exe'
 */
export function attachmentName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const trimmed = last.replace(UNSHOWABLE, '').trim();
  // `.` and `..` name no file.
  return trimmed === '.' || trimmed === '..' ? '' : trimmed;
}
