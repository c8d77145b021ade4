import { test, expect } from '@playwright/test';
import { hydrated, markNoReload, expectNoReload } from './support';

test('the clients page renders demo clients on the server', async ({ page }) => {
  const response = await page.goto('/staff/clients');
  expect(response?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText('Clients');
  await expect(page.locator('.client-card').first()).toBeVisible();
  expect(await page.locator('.client-card').count()).toBeGreaterThan(5);
});

test('after hydration, switching view happens in the browser without a reload', async ({ page }) => {
  await page.goto('/staff/clients');
  await hydrated(page);
  // A full page load would lose this marker; client-side routing keeps it.
  await markNoReload(page);
  await page.getByRole('link', { name: 'List' }).click();
  await expect(page).toHaveURL(/view=list/);
  await expect(page.locator('table[data-view="list"] tbody tr').first()).toBeVisible();
  await expectNoReload(page);
});
