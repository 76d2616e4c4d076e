import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const server = 'http://127.0.0.1:8787';

/**
 * The modules the first page of each route loads at once, by the names the server gives its
 * paths (apps/server/src/routePreloads.ts): the page (main.tsx starts it with the entry) and, on
 * a participant's workshop or room page, the room's editor (App prefetches it next; it is the
 * largest chunk, and a person in a break-out needs it before they can type).
 */
const ROUTE_MODULES: Record<string, string[]> = {
  workshop: ['src/pages/WorkshopPage.tsx', 'src/room/RoomView.tsx'],
  room: ['src/pages/RoomPage.tsx', 'src/room/RoomView.tsx'],
  plenary: ['src/pages/PlenaryPage.tsx'],
  facilitate: ['src/pages/FacilitatorPage.tsx'],
  screen: ['src/pages/ScreenPage.tsx'],
  review: ['src/pages/ReviewPage.tsx'],
  print: ['src/pages/PrintPage.tsx'],
};

/**
 * Writes `route-preloads.json`: for each route, every chunk its first page needs (the page's
 * chunks and all they import) that index.html does not load already, and those chunks' CSS. The server puts them into
 * that route's index.html as `modulepreload`s, so a phone asks for them with the entry instead of
 * after the entry has arrived and run (one round trip and an idle link later, on venue Wi-Fi).
 */
function routePreloads(): Plugin {
  return {
    name: 'roomtable-route-preloads',
    apply: 'build',
    // Once written: by then the chunks that held only CSS are gone from the bundle (Vite drops them
    // after generateBundle), and no preload may name a file that is not there.
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (start: string[], into = new Set<string>()) => {
        for (const file of start) {
          if (into.has(file)) continue;
          const chunk = byFile.get(file);
          if (!chunk) continue;
          into.add(file);
          closure(chunk.imports, into);
        }
        return into;
      };
      const initial = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
      const lists: Record<string, string[]> = {};
      for (const [route, modules] of Object.entries(ROUTE_MODULES)) {
        const starts = modules.map((m) => {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/${m}`));
          if (!chunk) throw new Error(`route-preloads: no chunk for ${m}`);
          return chunk.fileName;
        });
        const files = [...closure(starts)].filter((f) => !initial.has(f));
        // And their stylesheets: Vite's loader asks for a chunk's CSS only when it imports the chunk,
        // and waits for it before running the chunk, so without these the plenary's four small CSS
        // files were asked for only once every script was in (in at 5.6 s on the venue Wi-Fi bench's
        // trace; preloaded, by 2.4 s).
        const styles = new Set(files.flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]));
        lists[route] = [...files, ...styles].map((f) => `/${f}`);
      }
      writeFileSync(path.join(options.dir ?? 'dist', 'route-preloads.json'), `${JSON.stringify(lists, null, 1)}\n`);
    },
  };
}

export default defineConfig({
  plugins: [react(), routePreloads()],
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/sync': { target: server, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The editor route is split off; the warning limit matches the budget for any single chunk.
    chunkSizeWarningLimit: 900,
  },
});
