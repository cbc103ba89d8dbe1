/**
 * Media plans in and out of spreadsheets: the column dictionary, the readers of values as people
 * type them, and a row's plan. Pure: the API reads the files and writes the items.
 */
export * from './columns.js';
export * from './text.js';
