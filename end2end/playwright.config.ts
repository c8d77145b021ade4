import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

// The server under test: the binary `cargo leptos build` made (scripts/test sets CUMULUS_SERVER),
// on its own port and a throw-away SQLite file that it fills with demo data on start.
const port = Number(process.env.E2E_PORT ?? 3100);
// Workers load this file too: the runner's name is kept for them and for the teardown.
const dbFile = (process.env.E2E_DB_FILE ??= path.join(os.tmpdir(), `cumulus-e2e-${process.pid}.db`));
// The staff account the server creates on first start; the global setup signs in with it.
export const STAFF_EMAIL = 'admin@cumulus.test';
export const STAFF_PASSWORD = 'e2e staff password';
process.env.E2E_STAFF_EMAIL = STAFF_EMAIL;
process.env.E2E_STAFF_PASSWORD = STAFF_PASSWORD;
// A fresh database per run (the runner only: a worker loads this file while the server runs).
if (process.env.TEST_WORKER_INDEX === undefined) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
}

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Every test starts signed in as staff (see global-setup.ts) unless it says otherwise.
    storageState: '.auth/staff.json',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: process.env.CUMULUS_SERVER ?? '../target/debug/server',
    cwd: '..',
    url: `http://127.0.0.1:${port}/staff/clients`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dbFile}?mode=rwc`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_OUTPUT_NAME: 'cumulus',
      LEPTOS_HASH_FILES: 'true',
      CUMULUS_ADMIN_EMAIL: STAFF_EMAIL,
      CUMULUS_ADMIN_PASSWORD: STAFF_PASSWORD,
      // Background work takes a moment, as against a real cloud: in-progress states show.
      CUMULUS_OPENSTACK_LATENCY_MS: '1500',
      RUST_LOG: 'warn',
    },
  },
});
