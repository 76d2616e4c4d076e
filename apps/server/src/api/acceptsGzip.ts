/**
 * Whether an `Accept-Encoding` header accepts gzip: listed (or `*`) without `q=0`. Browsers and
 * Node's fetch send `gzip, deflate, br`; a client that sends nothing gets the body as it is.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.split(';').map((p) => p.trim());
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}
