import { test, expect } from '@playwright/test';
import { hydrated, money } from './support';

// Billing › Invoices, reached from the top bar, against the demo data: filter with the form,
// sort by a header, follow a row to its invoice and to its client.

test('Billing in the top bar opens every invoice; the form filters and a header sorts', async ({ page }) => {
  await page.goto('/staff/clients');
  await hydrated(page);
  await page.locator('.mainnav').getByRole('link', { name: 'Billing' }).click();
  await expect(page).toHaveURL(/\/staff\/billing\/invoices$/);
  await expect(page.locator('.list-tabs .tab.active')).toHaveText('Invoices');
  const rows = page.locator('table.staff-list tbody tr');
  await expect(rows.first()).toBeVisible();
  const all = Number(await page.locator('.count').getAttribute('data-total'));
  expect(all).toBeGreaterThan(25);

  // Paid only: every row says so, the Paid pill is the active one and its count is the total.
  await page.locator('.list-filters select[name="status"]').selectOption('paid');
  await page.locator('.list-filters').getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=paid/);
  await expect(page.locator('.status-totals .total.active')).toHaveAttribute('data-status', 'paid');
  const paid = Number(await page.locator('.status-totals .total.active b').textContent());
  await expect(page.locator('.count')).toHaveAttribute('data-total', String(paid));
  expect(paid).toBeLessThan(all);
  for (const badge of await rows.locator('td .badge').allTextContents()) expect(badge).toBe('Paid');

  // Largest first, then smallest first: the header flips the direction and keeps the filter.
  await page.locator('thead a[data-sort="total"]').click();
  await expect(page).toHaveURL(/sort=total&dir=desc/);
  await expect(page).toHaveURL(/status=paid/);
  let totals = (await rows.locator('td.num').allTextContents()).map(money);
  expect(totals).toEqual([...totals].sort((a, b) => b - a));
  await page.locator('thead a[data-sort="total"]').click();
  await expect(page).toHaveURL(/sort=total&dir=asc/);
  await expect(page.locator('thead th[aria-sort="ascending"]')).toHaveCount(1);
  totals = (await rows.locator('td.num').allTextContents()).map(money);
  expect(totals).toEqual([...totals].sort((a, b) => a - b));

  // A row leads to its invoice, and its client cell to the client's invoices.
  const number = (await rows.first().locator('td').first().textContent())!;
  await rows.first().locator('td').first().locator('a').click();
  await expect(page).toHaveURL(/\/staff\/billing\/invoices\/\d+$/);
  await expect(page.locator('h1')).toContainText(number);
  await page.goBack();
  await expect(rows.first()).toBeVisible();
  await rows.first().locator('td').nth(1).locator('a').click();
  await expect(page).toHaveURL(/\/staff\/clients\/\d+\/invoices$/);
});

test('a filter that makes no sense is explained, and the page offers a way back', async ({ page }) => {
  const res = await page.goto('/staff/billing/invoices?status=lost&min=abc');
  expect(res?.status()).toBe(422);
  await expect(page.locator('[role="alert"] li[data-field="status"]')).toHaveText('Unknown invoice status: lost.');
  await expect(page.locator('[role="alert"] li[data-field="min"]')).toContainText('Enter an amount');
  await hydrated(page);
  await page.getByRole('link', { name: 'Clear all filters' }).click();
  await expect(page).toHaveURL(/\/staff\/billing\/invoices$/);
  await expect(page.locator('table.staff-list tbody tr').first()).toBeVisible();
});
