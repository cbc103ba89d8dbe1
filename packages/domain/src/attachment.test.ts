import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachmentName, attachmentTypeOf } from './attachment.js';

const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('an attachment is what its first bytes say', () => {
  it.each([
    ['a JPEG photo', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'), 'image/jpeg'],
    ['a PNG screenshot', bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13]), 'image/png'],
    ['a GIF', bytes('GIF89a', [1, 0]), 'image/gif'],
    ['a WebP photo', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['a PDF scan', bytes('%PDF-1.4\n'), 'application/pdf'],
    ["an iPhone's HEIC photo", bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'image/heic'],
    ['a HEIF image', bytes([0, 0, 0, 0x18], 'ftypmif1'), 'image/heif'],
  ])('knows %s', (_, content, type) => {
    expect(attachmentTypeOf(content)).toBe(type);
  });

  it('refuses text, even named photo.jpg, an empty file and a truncated signature', () => {
    expect(attachmentTypeOf(bytes('just some text, not a photo'))).toBeUndefined();
    expect(attachmentTypeOf(new Uint8Array())).toBeUndefined();
    expect(attachmentTypeOf(bytes([0xff, 0xd8]))).toBeUndefined();
    expect(attachmentTypeOf(bytes([0, 0, 0, 0x18], 'ftypmp42'))).toBeUndefined();
    expect(attachmentTypeOf(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
  });

  it('never takes printable text for a file of any type', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz <>/="\n'.split('')) }), (text) => {
        expect(attachmentTypeOf(bytes(text))).toBeUndefined();
      }),
    );
  });
});

describe('an attachment is kept by its own name', () => {
  it('takes the last part of a path, either slash, without spaces at its ends; dots and folders name nothing', () => {
    expect(attachmentName('стенд.jpg')).toBe('стенд.jpg');
    expect(attachmentName('../../etc/passwd')).toBe('passwd');
    expect(attachmentName('C:\\Users\\Анна\\стенд 2.jpg')).toBe('стенд 2.jpg');
    expect(attachmentName(' a/b/../ c.png ')).toBe('c.png');
    for (const nothing of ['', 'фото/', '..', '.', 'a\\..', '  ']) expect(attachmentName(nothing), nothing).toBe('');
  });

  it('keeps no character a name cannot show honestly: line breaks and other controls, marks that reorder the text', () => {
    expect(attachmentName('a\r\nb.png')).toBe('ab.png');
    expect(attachmentName('\u0000план\u0007.pdf\u0085')).toBe('план.pdf');
    // «отчёт‮fdp.exe» shows as «отчётexe.pdf»: the override goes, the name shows what it is.
    expect(attachmentName('отчёт\u202Efdp.exe')).toBe('отчётfdp.exe');
    expect(attachmentName('\u2066\u200Fфото\u2069.jpg')).toBe('фото.jpg');
    // Letters of right-to-left scripts stay: only the invisible marks go.
    expect(attachmentName('صورة.jpg')).toBe('صورة.jpg');
    expect(attachmentName('\u202E\r\n')).toBe('');
  });
});
