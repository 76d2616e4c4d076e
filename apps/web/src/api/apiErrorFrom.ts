import { i18n } from '../i18n/i18n';
import { ApiError } from './ApiError';
import { errorText, type Translate } from './errorText';

/** The app's i18next, as the catalogue lookup sees it. */
const catalogue: Translate = { t: (key, options) => i18n.t(key, options ?? {}), exists: (key) => i18n.exists(key) };

/** The ApiError for a refused response's status and parsed body (`{"error":{"code","message"}}`, or anything else). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'unknown';
  const serverMessage = typeof error?.message === 'string' && error.message ? error.message : null;
  return new ApiError(status, code, errorText(catalogue, code, serverMessage, status), serverMessage);
}
