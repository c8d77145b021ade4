import { test, expect, Page } from '@playwright/test';
import { hydrated, selected, markNoReload, expectNoReload } from './support';

const row = (page: Page, i: number) => page.locator('tr.client-row').nth(i);
const items = (page: Page) => page.locator('.bulk-items tbody tr');

// Active clients with cloud projects: each suspension's job disables their projects, which
// the e2e cloud makes take 1.5 s a call, so the run's page can be seen following it. The
// story resumes them at the end, leaving the demo data as it found it.
test('a bulk suspend runs in the background and its page follows it to the end', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/staff/clients?status=active&has_instances=yes&view=list&per_page=12');
  await hydrated(page);
  await row(page, 3).locator('input.select').click();
  await row(page, 5).locator('input.select').click({ modifiers: ['Shift'] });
  await expect(selected(page)).toHaveText('3 selected');
  const ids = await Promise.all([3, 4, 5].map((i) => row(page, i).getAttribute('data-id')));

  // Deleting more than one asks for the count, typed; cancelling changes nothing.
  const dialog = page.getByRole('dialog');
  await page.locator('.selection-bar [data-bulk="delete"]').click();
  await expect(dialog).toContainText('Delete 3 clients?');
  const confirm = dialog.locator('[data-confirm="bulk"]');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 3 to confirm').fill('2');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 3 to confirm').fill('3');
  await expect(confirm).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(selected(page)).toHaveText('3 selected');

  await markNoReload(page);
  await page.locator('.selection-bar [data-bulk="suspend"]').click();
  await expect(dialog).toContainText('Suspend 3 clients?');
  await dialog.getByLabel('Reason (optional)').fill('Bulk story');
  await dialog.locator('[data-confirm="bulk"]').click();
  await expect(page).toHaveURL(/\/staff\/bulk\/\d+$/);

  // Each client is acted on once (picked clients go in id order)...
  await expect(page.locator('[data-count="done"]')).toHaveText('3');
  await expect(items(page)).toHaveCount(3);
  const byNumber = (a: string | null, b: string | null) => Number(a) - Number(b);
  expect(await items(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-client')))).toEqual(
    [...ids].sort(byNumber),
  );
  // ...and shows Suspending while its job runs, then Suspended: the page follows by itself.
  await expect(page.locator('.bulk-items .badge.status-suspending').first()).toBeVisible();
  await expect(page.locator('.bulk-items .badge.status-suspended')).toHaveCount(3, { timeout: 20_000 });
  await expect(page.locator('.page-head [data-run-status]')).toHaveAttribute('data-run-status', 'done');
  await expectNoReload(page);

  // The runs are listed; resuming the three in bulk puts them back.
  await page.goto('/staff/clients?status=suspended&view=list&per_page=96');
  await hydrated(page);
  for (const id of ids) await page.locator(`tr.client-row[data-id="${id}"] input.select`).click();
  await expect(selected(page)).toHaveText('3 selected');
  await page.locator('.selection-bar [data-bulk="resume"]').click();
  await expect(dialog).toContainText('Resume 3 clients?');
  await dialog.locator('[data-confirm="bulk"]').click();
  await expect(page).toHaveURL(/\/staff\/bulk\/\d+$/);
  await expect(page.locator('.bulk-items .badge.status-active')).toHaveCount(3, { timeout: 20_000 });
  await page.goto('/staff/bulk');
  await expect(page.locator('table.bulk-runs tbody tr').first()).toContainText('Resume');
  await expect(page.locator('table.bulk-runs tbody tr').nth(1)).toContainText('Suspend');
  expect(problems).toEqual([]);
});

test('a client whose status does not allow the action is skipped with the reason', async ({ page }) => {
  await page.goto('/staff/clients?status=suspended&view=list&per_page=12');
  await hydrated(page);
  const id = await row(page, 0).getAttribute('data-id');
  await row(page, 0).locator('input.select').click();
  await page.locator('.selection-bar [data-bulk="suspend"]').click();
  await page.getByRole('dialog').locator('[data-confirm="bulk"]').click();
  await expect(page).toHaveURL(/\/staff\/bulk\/\d+$/);
  await expect(page.locator('[data-count="skipped"]')).toHaveText('1');
  const item = page.locator(`.bulk-items tr[data-client="${id}"]`);
  await expect(item).toHaveAttribute('data-outcome', 'skipped');
  await expect(item).toContainText('Cannot suspend a client that is suspended.');
  await expect(item.locator('.badge.status-suspended')).toBeVisible();
});
