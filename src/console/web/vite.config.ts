import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console's production bundle goes to dist/console/web, where the Nest app serves it at `/`.
 * `npm run dev:console` serves the sources with hot reload and sends API calls to a running
 * `npm start` on port 3000.
 */
export default defineConfig({
  root: here,
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../../dist/console/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // a console used all day on a LAN: one request for the app beats many small ones
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // react-router marks its modules "use client" for React Server Components; a plain SPA
      // bundle has no server components, so the directive has nothing to preserve
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
