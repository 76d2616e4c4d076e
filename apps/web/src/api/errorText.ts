import { ERRORS, isErrorCode } from '@roomtable/contract';

/** What the catalogue lookup needs of i18next: the text of a key, and whether the catalogue has it. */
export interface Translate {
  t(key: string, options?: Record<string, unknown>): string;
  exists(key: string): boolean;
}

/**
 * The words to show for an API error, in the person's language: the catalogue's text of the
 * code's key (the contract's ERRORS table names it). The server's English text is only the
 * fallback, for a code this build does not know (a newer server's), so that a person reading
 * Arabic or Chinese is not handed English prose (issue 15).
 */
export function errorText(i18n: Translate, code: string, serverMessage: string | null, status: number): string {
  if (isErrorCode(code)) {
    const key = ERRORS[code].key;
    if (i18n.exists(key)) return i18n.t(key);
  }
  return serverMessage || i18n.t('error.unexpected', { status });
}
