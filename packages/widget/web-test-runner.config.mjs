// Browser tests in real Chromium (Debian's /usr/bin/chromium; CHROME_PATH overrides it).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';
import { answerEndpoints } from './test/server/answer-endpoints.mjs';
import { fetchLog } from './test/server/fetch-log.mjs';
import { replayManifest } from './test/server/replay.mjs';

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true },
  rootDir: fileURLToPath(new URL('../..', import.meta.url)),
  // The answer service (real, over the example knowledge) and scripted answer streams, on the same
  // origin as the test pages; a log of the bundle files the widget fetches.
  middleware: [answerEndpoints, replayManifest, fetchLog],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
        ],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 180000,
};
