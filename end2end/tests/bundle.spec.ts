import { test, expect, Page } from '@playwright/test';
import { markNoReload, expectNoReload } from './support';

// What the browser downloads before /staff/clients is interactive, cold (empty cache) and warm
// (a second visit), and what a page split out of the main bundle fetches when first shown.
// Prints the figures; they are those of the build under test: `cargo leptos build` (debug,
// as `scripts/test` runs) is large and slow, the release build is what docs/performance.md
// reports. Run against a release build with
//   ./scripts/leptos build --release --split --precompress
//   (cd end2end && CUMULUS_SERVER=target/release/server npx playwright test bundle)
// (the path is from the repository root, where the server is started).

type Transfer = { url: string; bytes: number; cached: boolean };

// Bytes on the wire per request (compressed bodies and headers), from Chromium's network log.
async function recordTransfers(page: Page): Promise<Transfer[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const cached = new Set<string>();
  const transfers: Transfer[] = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) =>
    transfers.push({
      url: urls.get(e.requestId) ?? '',
      bytes: e.encodedDataLength,
      cached: cached.has(e.requestId),
    }),
  );
  return transfers;
}

// Milliseconds from navigation start until the wasm bundle has hydrated the page.
// Local, not support.ts's `hydrated`: it polls every frame so the time it reads is exact.
async function timeToInteractive(page: Page): Promise<number> {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true', null, {
    polling: 'raf',
  });
  return page.evaluate(() => Math.round(performance.now()));
}

const isPkg = (t: Transfer) => new URL(t.url).pathname.startsWith('/pkg/');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function report(label: string, ms: number, transfers: Transfer[]) {
  const pkg = transfers.filter(isPkg);
  const fetched = pkg.filter((t) => !t.cached);
  const bytes = fetched.reduce((sum, t) => sum + t.bytes, 0);
  console.log(
    `${label}: interactive after ${ms} ms; /pkg downloaded ${kb(bytes)} in ${fetched.length} ` +
      `files, ${pkg.length - fetched.length} from the browser's cache`,
  );
  for (const t of fetched) console.log(`  ${new URL(t.url).pathname}  ${kb(t.bytes)}`);
  return { bytes, fetched };
}

test('the dashboard bundle is hashed, cached for good and fetched once', async ({ browser }) => {
  // A fresh context: an empty cache, signed in with the suite's session.
  const context = await browser.newContext({ storageState: '.auth/staff.json' });
  const page = await context.newPage();
  const transfers = await recordTransfers(page);

  await page.goto('/staff/clients');
  const cold = report('cold', await timeToInteractive(page), transfers);
  const wasm = cold.fetched.filter((t) => t.url.endsWith('.wasm'));
  expect(wasm.length).toBeGreaterThan(0);

  // Every file the page loads from /pkg has its content hash in its name and may be kept
  // forever.
  for (const t of cold.fetched) {
    const res = await page.request.get(t.url);
    expect(res.status(), t.url).toBe(200);
    expect(new URL(t.url).pathname, 'a hashed name').toMatch(/\.[A-Za-z0-9_-]{16,}\.(js|wasm|css)$/);
    expect(res.headers()['cache-control'], t.url).toContain('immutable');
  }

  // A second visit downloads nothing from /pkg: the browser has every file.
  transfers.length = 0;
  await page.goto('/staff/clients?view=list');
  const warm = report('warm', await timeToInteractive(page), transfers);
  expect(warm.fetched.map((t) => t.url)).toEqual([]);
  await context.close();
});

test('a page outside the dashboard is usable after a client-side visit', async ({ page }) => {
  const transfers = await recordTransfers(page);
  await page.goto('/staff/clients?view=list');
  await timeToInteractive(page);
  transfers.length = 0;
  // Client-side navigation to a lazy route: its code arrives on demand (a separate chunk when
  // built with --split) and the page works.
  await page.locator('tr.client-row a').first().click();
  await expect(page).toHaveURL(/\/staff\/clients\/\d+\/overview/);
  await expect(page.locator('nav.tabs a.tab.active')).toHaveText('Overview');
  // The router has stayed in charge: a tab is a client-side change, not a page load.
  await markNoReload(page);
  await page.locator('nav.tabs a', { hasText: 'Journal' }).click();
  await expect(page).toHaveURL(/\/staff\/clients\/\d+\/journal$/);
  await expect(page.locator('nav.tabs a.tab.active')).toHaveText('Journal');
  await expectNoReload(page);
  const later = transfers.filter(isPkg).filter((t) => !t.cached);
  console.log(
    `first visit to a client: /pkg downloaded ${kb(later.reduce((s, t) => s + t.bytes, 0))} in ` +
      `${later.length} files`,
  );
  for (const t of later) console.log(`  ${new URL(t.url).pathname}  ${kb(t.bytes)}`);
});
