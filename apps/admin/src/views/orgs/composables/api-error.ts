import { ApiError } from '../../../api/client.js';
import { errorText } from '../../../composables/use-notify.js';

/** What the screen says about a failed change, and which fields were wrong (by the field's name). */
export interface ChangeError {
  message: string;
  fields: Record<string, string>;
}

/**
 * The API's own words for a failed change (it answers in the UI language, `Accept-Language`),
 * with each bad field's message under its name (`body.figures.press_runs` → `figures.press_runs`);
 * a network or server failure in the admin's words.
 *
 * @example changeError(new ApiError(409, 'move_cycle', 'Организацию нельзя перенести…')) // { message: 'Организацию нельзя перенести…', fields: {} }
 */
export function changeError(error: unknown): ChangeError {
  if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500 || !error.message) return { message: errorText(error), fields: {} };
  const fields: Record<string, string> = {};
  for (const detail of error.details) fields[detail.path.replace(/^body\./, '')] ??= detail.message;
  return { message: error.message, fields };
}
