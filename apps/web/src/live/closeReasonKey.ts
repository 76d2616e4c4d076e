/** The i18n key explaining why the server closed a live connection for good. */
export function closeReasonKey(code: number): string {
  switch (code) {
    case 4401:
      return 'sync.closed.unauthorized';
    case 4403:
      return 'sync.closed.forbidden';
    case 4404:
      return 'sync.closed.notFound';
    case 4400:
      return 'sync.closed.malformed';
    case 1009:
      return 'sync.closed.tooLarge';
    case 4408:
      return 'sync.closed.slow';
    case 4413:
      return 'sync.closed.documentFull';
    case 4429:
      return 'sync.closed.tooManyConnections';
    default:
      return 'sync.closed.other';
  }
}
