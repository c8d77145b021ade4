import { test, expect } from '@playwright/test';
import { hydrated, markNoReload, expectNoReload } from './support';

test('suspending shows Suspending at once, then Suspended, without a reload', async ({ page }) => {
  // A client with instances: its project makes the job take a moment.
  await page.goto('/staff/clients?status=active&has_instances=yes&view=list&per_page=12');
  await hydrated(page);
  const row = page.locator('tr.client-row').first();
  const id = await row.getAttribute('data-id');
  await page.goto(`/staff/clients?q=${id}&view=list`);
  await hydrated(page);
  await markNoReload(page);

  const target = page.locator(`tr.client-row[data-id="${id}"]`);
  await target.hover();
  await target.locator('.actions').getByRole('button', { name: 'Suspend' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, suspend' }).click();

  // The background job takes a moment (the e2e server imitates cloud latency)...
  await expect(target.locator('.badge').first()).toHaveText('Suspending');
  // ...and the page follows it to the end by itself.
  await expect(target.locator('.badge').first()).toHaveText('Suspended', { timeout: 15_000 });
  await expectNoReload(page);
});
