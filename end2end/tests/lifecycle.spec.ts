import { test, expect, Page } from '@playwright/test';

async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

test('suspending shows Suspending at once, then Suspended, without a reload', async ({ page }) => {
  // A client with instances: its project makes the job take a moment.
  await page.goto('/staff/clients?status=active&has_instances=yes&view=list&per_page=12');
  await hydrated(page);
  const row = page.locator('tr.client-row').first();
  const id = await row.getAttribute('data-id');
  await page.goto(`/staff/clients?q=${id}&view=list`);
  await hydrated(page);
  await page.evaluate(() => ((window as any).__noReload = true));

  const target = page.locator(`tr.client-row[data-id="${id}"]`);
  await target.hover();
  await target.locator('.actions').getByRole('button', { name: 'Suspend' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, suspend' }).click();

  // The background job takes a moment (the e2e server imitates cloud latency)...
  await expect(target.locator('.badge').first()).toHaveText('Suspending');
  // ...and the page follows it to the end by itself.
  await expect(target.locator('.badge').first()).toHaveText('Suspended', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});
