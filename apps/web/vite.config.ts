import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const server = 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
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
