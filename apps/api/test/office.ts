import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { it, type TestAPI } from 'vitest';

// Opening the files Ritm writes with the programs people use: LibreOffice (headless) converts an
// XLSX or CSV to CSV as Calc reads it, poppler's pdftotext reads a PDF's text. CI installs
// `libreoffice-calc` and `poppler-utils` and the tests that open files there must run; on a machine
// without them (the README's quick start needs only Node.js) those tests are skipped with a notice,
// as the Chromium journeys are.

const run = promisify(execFile);

function which(program: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  throw new Error(`${program} is not installed: these tests open files with it (apt-get install ${program === 'soffice' ? 'libreoffice-calc' : 'poppler-utils'})`);
}

function installed(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, program)));
}

const MISSING = ['soffice', 'pdftotext'].filter((program) => !installed(program));
const SKIP_OFFICE = MISSING.length > 0 && !process.env.CI;
/** Whether the tests that open files with LibreOffice or pdftotext run here (always in CI, where they must). */
export const officeInstalled = !SKIP_OFFICE;
if (SKIP_OFFICE) {
  console.warn(`${MISSING.join(' and ')} not found: the tests that open files with them are skipped (apt-get install libreoffice-calc poppler-utils; in CI they must run).`);
}

/** A test that opens files with LibreOffice or pdftotext: skipped without them, except in CI. */
export const itWithOffice: TestAPI = SKIP_OFFICE ? (it.skip as TestAPI) : it;

/**
 * The sheet as LibreOffice Calc reads it, as rows of cells: the file converted to CSV (UTF-8,
 * comma-separated, dates as Calc formats them) with a private profile, so parallel runs and a
 * user's own LibreOffice do not meet.
 */
export async function openWithLibreOffice(file: Buffer, extension: 'xlsx' | 'csv'): Promise<string[][]> {
  const soffice = which('soffice');
  const dir = await mkdtemp(join(tmpdir(), 'ritm-office-'));
  try {
    await writeFile(join(dir, `in.${extension}`), file);
    // Filter options: separator 44 (,), text delimiter 34 ("), charset 76 (UTF-8); for a CSV
    // input the same token with 59 (;) tells Calc how the file is separated.
    const args = [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      ...(extension === 'csv' ? ['--infilter=CSV:59,34,76,1'] : []),
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1',
      '--outdir',
      join(dir, 'out'),
      join(dir, `in.${extension}`),
    ];
    await run(soffice, args, { timeout: 90_000 });
    return parse(await readFile(join(dir, 'out', 'in.csv'), 'utf8'), { relax_column_count: true }) as string[][];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as poppler reads it, in reading order (a rotated mark comes out in pieces: compare without spaces). */
export async function pdfText(file: Buffer): Promise<string> {
  const pdftotext = which('pdftotext');
  const dir = await mkdtemp(join(tmpdir(), 'ritm-pdf-'));
  try {
    await writeFile(join(dir, 'in.pdf'), file);
    const { stdout } = await run(pdftotext, ['-enc', 'UTF-8', join(dir, 'in.pdf'), '-'], { timeout: 30_000, maxBuffer: 32 * 1_048_576 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
