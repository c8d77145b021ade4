import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { hydrated, selected } from './support';

// The row's checkbox (bulk.spec.ts's `row` is the row itself): kept local to each spec.
const rowBox = (page: Page, i: number) => page.locator('tr.client-row').nth(i).locator('input.select');

// Inactive clients: no background job moves a client into or out of that status.
test('select with shift-click across pages, all matching, export and clear', async ({ page }) => {
  // A panic in the browser would leave the page half-working without failing a click.
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/staff/clients?status=inactive&view=list&per_page=12');
  await hydrated(page);
  const total = Number(await page.locator('.count').getAttribute('data-total'));
  expect(total).toBeGreaterThan(24);
  await expect(page.locator('.selection-bar')).toHaveCount(0);

  await rowBox(page, 0).click();
  await rowBox(page, 3).click({ modifiers: ['Shift'] });
  await expect(selected(page)).toHaveText('4 selected');
  for (const i of [0, 1, 2, 3]) await expect(rowBox(page, i)).toBeChecked();
  await expect(rowBox(page, 4)).not.toBeChecked();

  // The selection survives paging.
  const first = await page.locator('tr.client-row').first().getAttribute('data-id');
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator('tr.client-row').first()).not.toHaveAttribute('data-id', first!);
  await rowBox(page, 0).click();
  await expect(selected(page)).toHaveText('5 selected');
  await page.goBack();
  await expect(rowBox(page, 3)).toBeChecked();

  // `x` toggles the focused client.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(selected(page)).toHaveText('4 selected');
  await expect(rowBox(page, 1)).not.toBeChecked();

  // All on this page, then all that match the filter, less one.
  await page.getByLabel('Select all on this page').check();
  await expect(selected(page)).toHaveText('13 selected');
  await page.getByRole('button', { name: `Select all ${total} matching` }).click();
  await expect(selected(page)).toHaveText(`${total} selected`);
  const skipped = await page.locator('tr.client-row').nth(5).getAttribute('data-id');
  await rowBox(page, 5).click();
  await expect(selected(page)).toHaveText(`${total - 1} selected`);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.selection-bar a[data-export="selection"]').click(),
  ]);
  const lines = fs
    .readFileSync((await download.path())!, 'utf-8')
    .split('\r\n')
    .filter((l) => l !== '');
  expect(lines.length).toBe(total); // the header and total - 1 clients
  const idColumn = lines[0].split(',').indexOf('company') === 0 ? null : 0;
  expect(idColumn).toBeNull(); // the list's columns, the client first
  expect(await page.evaluate(() => document.querySelector('.selection-bar a')?.getAttribute('href'))).toContain(
    `except=${skipped}`,
  );

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('.selection-bar')).toHaveCount(0);
  await expect(rowBox(page, 0)).not.toBeChecked();
  expect(problems).toEqual([]);
});

test('cards have a checkbox too', async ({ page }) => {
  await page.goto('/staff/clients?view=cards&per_page=12');
  await hydrated(page);
  await page.locator('.client-card').nth(2).locator('input.select').check();
  await expect(selected(page)).toHaveText('1 selected');
  await page.getByRole('link', { name: 'List', exact: true }).click();
  await expect(page.locator('tr.client-row').nth(2).locator('input.select')).toBeChecked();
  await page.getByRole('button', { name: 'Clear' }).click();
});
