import { i18n } from '../i18n/i18n';
import { ApiError } from './ApiError';
import { apiErrorFrom } from './apiErrorFrom';

interface RequestOptions {
  token?: string | null;
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the JSON API; throws an `ApiError` whose message can be shown as is (in the person's language). */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', i18n.t('error.network'));
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw apiErrorFrom(response.status, data);
  return data as T;
}

/** The message to show for anything a request may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return i18n.t('error.generic');
}
