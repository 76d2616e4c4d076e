import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What the web build says each first page of a route loads besides index.html's own scripts and styles (apps/web/vite.config.ts). */
export const ROUTE_PRELOADS_FILE = 'route-preloads.json';

/** The route kind of an app path, by the names the web build uses; null for the others (home, join: all in index.html). */
function routeKind(pathname: string): string | null {
  const m = /^\/w\/[A-Za-z0-9_-]{1,64}(?:\/(plenary|facilitate|screen|review|print|room)(?:\/[1-9][0-9]{0,3})?)?\/?$/.exec(pathname);
  if (!m) return null;
  return m[1] ?? 'workshop';
}

/**
 * index.html for an app path, with `<link rel="modulepreload">` for the chunks of that route's
 * first page and `<link rel="preload" as="style">` for their CSS. Without them a phone fetched
 * index.html, then the entry (~100 KiB gzip), ran it, and only then asked for the page's chunks
 * and the room's editor (~115 KiB more): on venue Wi-Fi (400 ms RTT) the link sat idle between
 * the two, and the editor, the largest, came last. A style preload only fetches: the CSS applies
 * when Vite's loader links it as it imports the chunk, and it carries `crossorigin` as that
 * loader's link does, or the browser would not reuse the preloaded response.
 * Without the build's list every path gets index.html as it is.
 */
export function routeIndexHtml(dist: string, index: string): (pathname: string) => string {
  const file = path.join(dist, ROUTE_PRELOADS_FILE);
  if (!existsSync(file)) return () => index;
  const lists = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
  const pages = new Map<string, string>();
  for (const [kind, files] of Object.entries(lists)) {
    // Only the build's own asset paths go into the page.
    const links = files
      .filter((s) => /^\/assets\/[\w.-]+\.(js|css)$/.test(s) && existsSync(path.join(dist, s)))
      .map((s) => `    <link ${s.endsWith('.css') ? 'rel="preload" as="style"' : 'rel="modulepreload"'} crossorigin href="${s}">\n`);
    pages.set(kind, index.replace('</head>', `${links.join('')}  </head>`));
  }
  return (pathname) => pages.get(routeKind(pathname) ?? '') ?? index;
}
