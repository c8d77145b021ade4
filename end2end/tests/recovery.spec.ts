import { test, expect, Page } from '@playwright/test';
import { hydrated, markNoReload } from './support';

// A page's code arrives in parts (`--split`): the part a client's page needs is fetched when
// a staff member first opens one. When that fetch fails (a dropped connection, or a deploy that
// replaced the files the open page names), the page asked for is loaded in full from the
// server instead of leaving a page that no longer reacts.

const clientLink = (page: Page) => page.locator('tr.client-row a').first();
const clientPage = /\/staff\/clients\/\d+\/overview/;

test('a client page whose code cannot be fetched is loaded in full instead', async ({ page }) => {
  await page.goto('/staff/clients?view=list');
  await hydrated(page);
  // The next file fetched from /pkg fails once.
  let failed = 0;
  await page.route(
    '**/pkg/**',
    (route) => {
      failed += 1;
      return route.abort('internetdisconnected');
    },
    { times: 1 },
  );
  await markNoReload(page);
  await clientLink(page).click();

  await expect(page).toHaveURL(clientPage);
  await expect(page.locator('nav.tabs a.tab.active')).toHaveText('Overview');
  await hydrated(page);
  expect(failed).toBe(1);
  // A full page load, and a working page: no banner, and the tabs are the router's again.
  expect(await page.evaluate(() => (window as any).__noReload)).toBeUndefined();
  await expect(page.locator('.app-stopped')).toHaveCount(0);
  await page.locator('nav.tabs a', { hasText: 'Journal' }).click();
  await expect(page.locator('nav.tabs a.tab.active')).toHaveText('Journal');
});

test('a page that cannot be loaded at all says so once, with a reload', async ({ page }) => {
  // The dashboard's own code loads; every part fetched later fails, also after a reload.
  const main = new Set<string>();
  page.on('requestfinished', (r) => {
    if (r.url().endsWith('.wasm')) main.add(r.url());
  });
  await page.goto('/staff/clients?view=list');
  await hydrated(page);
  const blocked: string[] = [];
  await page.route(/\/pkg\/.*\.wasm$/, (route) => {
    if (main.has(route.request().url())) return route.continue();
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await clientLink(page).click();

  // The client page is loaded in full once; its own part fails again, and instead of loading
  // itself over and over the page says what happened.
  await expect(page).toHaveURL(clientPage);
  const banner = page.locator('.app-stopped[role="alert"]');
  await expect(banner).toContainText('This page stopped working');
  await expect(banner).toHaveCount(1);
  expect(blocked.length).toBeGreaterThanOrEqual(2);
  // The server-rendered page is still there to read.
  await expect(page.locator('nav.tabs a.tab.active')).toHaveText('Overview');

  // Once the files can be fetched again, the banner's link brings the page back.
  await page.unroute(/\/pkg\/.*\.wasm$/);
  await banner.getByRole('link', { name: 'Reload the page' }).click();
  await hydrated(page);
  await expect(page).toHaveURL(clientPage);
  await expect(page.locator('.app-stopped')).toHaveCount(0);
});

test('a dialog whose code cannot be fetched reloads the page it is on', async ({ page }) => {
  await page.goto('/staff/clients?view=list&status=active');
  await hydrated(page);
  await page.route('**/pkg/**', (route) => route.abort('internetdisconnected'), { times: 1 });
  await markNoReload(page);
  // Not a link: the shortcuts list arrives when first opened.
  const reloaded = page.waitForEvent('load');
  await page.keyboard.press('?');
  await reloaded;

  await hydrated(page);
  await expect(page).toHaveURL(/\/staff\/clients\?view=list&status=active$/);
  expect(await page.evaluate(() => (window as any).__noReload)).toBeUndefined();
  await expect(page.locator('.app-stopped')).toHaveCount(0);
  // The reloaded page works: the same key now opens the list.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
});
