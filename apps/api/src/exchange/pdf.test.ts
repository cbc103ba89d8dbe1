import { describe, expect } from 'vitest';
import { pdfText, itWithOffice } from '../../test/office.js';
import { pdfTable, renderPdf } from './pdf.js';

describe('pdf builder', () => {
  itWithOffice('prints Cyrillic text, a table, the header, page numbers and the mark on A4', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`${i + 1}`, `Публикация № ${i + 1} — «ёлка»`]);
    const pdf = await renderPdf({
      title: 'Медиаплан',
      header: 'ГКУ «Центр занятости»',
      watermark: 'ПРОЕКТ',
      pageLabel: (page, pages) => `Страница ${page} из ${pages}`,
      content: [{ text: 'Медиаплан на ноябрь 2026', bold: true }, pdfTable([{ heading: '№', width: 20 }, { heading: 'Тема', width: '*' }], rows)],
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Медиаплан на ноябрь 2026');
    expect(text).toContain('Публикация № 120 — «ёлка»');
    expect(text).toContain('ГКУ «Центр занятости»');
    // The mark is drawn diagonally; poppler reads it in pieces.
    expect(text.replace(/\s/g, '')).toContain('ПРОЕКТ');
    expect(text).toMatch(/Страница 1 из [2-9]/);
    // A4 portrait: 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/);
  });

  itWithOffice('prints no mark when none is asked for', async () => {
    const text = await pdfText(await renderPdf({ title: 'План', content: ['Утверждён'] }));
    expect(text).toContain('Утверждён');
    expect(text.replace(/\s/g, '')).not.toContain('ПРОЕКТ');
  });
});
