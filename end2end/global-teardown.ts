import * as fs from 'node:fs';

// Removes the run's throw-away SQLite database (playwright.config.ts names it per run).
export default async function globalTeardown() {
  const dbFile = process.env.E2E_DB_FILE;
  if (!dbFile) return;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
}
