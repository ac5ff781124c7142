import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the gateway under /app/; everything is bundled (no CDN, no web fonts). `npm run dev -w web`
// proxies /graphql to a hub started with `npm start`.
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/app/dev-identities.json': 'http://127.0.0.1:4000' },
  },
});
