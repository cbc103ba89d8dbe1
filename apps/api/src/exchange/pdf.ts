import { createRequire } from 'node:module';
import PdfPrinter from 'pdfmake';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';

// PDF documents without a browser on the server: pdfmake lays out A4 pages with the Roboto fonts
// it ships (they cover Cyrillic), so the quick start works on any machine. One builder for every
// document Ritm prints — a plan's signed form, the reports — with the same header, page numbers
// and table look.

const require = createRequire(import.meta.url);

type Fonts = ConstructorParameters<typeof PdfPrinter>[0];

let fonts: Fonts | undefined;
/** pdfmake's virtual file system of Roboto, decoded once (constant data, ~1 MB, not state). */
function robotoFonts(): Fonts {
  if (fonts !== undefined) return fonts;
  const vfs = require('pdfmake/build/vfs_fonts.js') as Record<string, string>;
  const font = (name: string) => Buffer.from(vfs[name]!, 'base64');
  fonts = {
    Roboto: {
      normal: font('Roboto-Regular.ttf'),
      bold: font('Roboto-Medium.ttf'),
      italics: font('Roboto-Italic.ttf'),
      bolditalics: font('Roboto-MediumItalic.ttf'),
    },
  };
  return fonts;
}

/** A column of a {@link pdfTable}: its heading and its width (`'*'` shares what is left). */
export interface PdfColumn {
  heading: string;
  width: number | '*' | 'auto';
}

/** A table with a bold heading row repeated on every page, thin lines, small type. */
export function pdfTable(columns: readonly PdfColumn[], rows: readonly (readonly string[])[]): Content {
  const body: TableCell[][] = [
    columns.map((column) => ({ text: column.heading, bold: true, fillColor: '#eeeeee' })),
    ...rows.map((row) => row.map((text) => ({ text }))),
  ];
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: columns.map((column) => column.width), body },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#999999', vLineColor: () => '#999999' },
    fontSize: 8,
  };
}

export interface PdfDocument {
  /** The document's title, in the file's properties and the running header. */
  title: string;
  /** Text in the page's top corner (an organisation's name). */
  header?: string;
  /** A mark drawn across every page (a draft's «ПРОЕКТ»). */
  watermark?: string;
  orientation?: 'portrait' | 'landscape';
  content: Content[];
  /** The page-number line's words: `(page, pages) => 'Страница 1 из 3'`. */
  pageLabel?: (page: number, pages: number) => string;
}

/** The document definition: A4, margins for binding, the header, page numbers and the mark. */
export function pdfDefinition(document: PdfDocument): TDocumentDefinitions {
  const pageLabel = document.pageLabel ?? ((page, pages) => `${page} / ${pages}`);
  return {
    pageSize: 'A4',
    pageOrientation: document.orientation ?? 'portrait',
    // GOST R 7.0.97: 20 mm on the left for binding, 10 mm elsewhere at least.
    pageMargins: [57, 42, 28, 42],
    info: { title: document.title, creator: 'Ritm', producer: 'Ritm' },
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    header: document.header === undefined ? undefined : { text: document.header, alignment: 'right', fontSize: 8, color: '#666666', margin: [57, 16, 28, 0] },
    footer: (page: number, pages: number) => ({ text: pageLabel(page, pages), alignment: 'center', fontSize: 8, color: '#666666', margin: [0, 12, 0, 0] }),
    watermark: document.watermark === undefined ? undefined : { text: document.watermark, color: '#cc0000', opacity: 0.15, bold: true },
    content: document.content,
  };
}

/** Renders a document as a PDF, in memory (documents are pages of a plan or a report, not years of rows). */
export function renderPdf(document: PdfDocument): Promise<Buffer> {
  const printer = new PdfPrinter(robotoFonts());
  const pdf = printer.createPdfKitDocument(pdfDefinition(document));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
