// Vite builds the web apps into web/dist, which the server serves (src/http/static.ts).
// `npm run dev:web` serves them with hot reload and sends /api (with the event WebSocket)
// to a server started with `npm start`.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // The app is small; the polyfill keeps Temporal in one chunk with it.
    chunkSizeWarningLimit: 900,
  },
  server: {
    // The shared domain core lives outside web/.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/public': { target: 'http://127.0.0.1:8080' },
    },
  },
});
