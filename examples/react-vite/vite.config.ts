import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite build` writes the app to dist/; server.ts serves it with the knowledge bundle and the
// answer service. (`vite` alone serves the app without them: run `pnpm run start` instead.)
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
