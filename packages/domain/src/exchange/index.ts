/**
 * Media plans in and out of spreadsheets: the column dictionary, the encoding of a CSV, the
 * readers of values as people type them, and a workbook's import plan. Pure: the API reads the
 * files and writes the items.
 */
export * from './charset.js';
export * from './columns.js';
export * from './dates.js';
export * from './names.js';
export * from './row.js';
export * from './sheet.js';
export * from './text.js';
export * from './vocabulary.js';
export * from './workbook.js';
