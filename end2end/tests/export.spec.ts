import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import { hydrated, total } from './support';

// Inactive clients: no background job moves a client into or out of that status while the
// demo's lifecycle jobs run, so the count on screen is the count in the file.
test('export the filtered list as CSV and read the file', async ({ page }) => {
  await page.goto('/staff/clients?status=inactive&sort=created&dir=desc&view=list');
  await hydrated(page);
  const matching = await total(page);
  expect(matching).toBeGreaterThan(0);
  const firstId = await page.locator('tr.client-row').first().getAttribute('data-id');

  // The links follow the filters; the list's columns go with "these columns".
  await page.locator('details.export summary').click();
  const csv = page.locator('a[data-export="csv-all"]');
  await expect(csv).toHaveAttribute('href', /status=inactive/);
  await expect(csv).not.toHaveAttribute('href', /view=|page=|column=/);
  const shown = (await page.locator('table[data-view="list"]').getAttribute('data-columns'))!.split(' ');
  const these = await page.locator('a[data-export="csv"]').getAttribute('href');
  expect(these).toContain(shown.map((c) => `column=${c}`).join('&'));

  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  expect(download.suggestedFilename()).toMatch(/^clients-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf-8');
  const lines = text.split('\r\n').filter((l) => l !== '');
  expect(lines[0].split(',').slice(0, 3)).toEqual(['id', 'company', 'contact']);
  expect(lines.length).toBe(matching + 1);
  expect(lines[1].split(',')[0]).toBe(firstId);
  const status = lines[0].split(',').indexOf('status');
  // A company may hold a quoted comma; the status column is before any such text ends only
  // when no cell before it is quoted, so read rows without quotes.
  for (const line of lines.slice(1).filter((l) => !l.includes('"'))) {
    expect(line.split(',')[status]).toBe('inactive');
  }
  // Still on the dashboard.
  await expect(page).toHaveURL(/\/staff\/clients\?/);
});

test('the JSON lines export holds one object per client', async ({ page }) => {
  await page.goto('/staff/clients?status=inactive&tax_exempt=no');
  await hydrated(page);
  const matching = await total(page);
  await page.locator('details.export summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('a[data-export="jsonl-all"]').click(),
  ]);
  const rows = fs
    .readFileSync((await download.path())!, 'utf-8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  expect(rows.length).toBe(matching);
  for (const r of rows) {
    expect(r.status).toBe('inactive');
    expect(r.tax_exempt).toBe(false);
    expect(typeof r.instances).toBe('number');
    expect(r.uptodate_credit).toMatch(/^-?\d+\.\d{2,4}$/);
  }
});

test('a long filter list narrows as one types; ticked values stay', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/staff/clients');
  await hydrated(page);
  const list = page.locator('fieldset[data-filter="product"]');
  const labels = list.locator('label.check');
  const all = await labels.count();
  expect(all).toBeGreaterThan(8);
  const first = (await labels.first().textContent())!.trim();
  await labels.first().locator('input').check();
  const word = first.split(' ')[0];
  // Narrow to something the first product does not contain: it stays, ticked.
  await list.locator('input.narrow').fill('zzzz-no-product');
  await expect(list.locator('label.check:visible')).toHaveCount(1);
  await expect(list.locator('label.check:visible input')).toBeChecked();
  await list.locator('input.narrow').fill(word.toLowerCase());
  const shown = await list.locator('label.check:visible').allTextContents();
  expect(shown.length).toBeLessThan(all);
  for (const t of shown) expect(t.toLowerCase()).toContain(word.toLowerCase());
  await page.locator('aside.filters').getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]product=\d+/);
  // The narrowing box is not a filter.
  await expect(page).not.toHaveURL(/zzzz|narrow/);
  await expect(page.locator('.chips .chip:not(.clear)')).toHaveCount(1);
  expect(problems).toEqual([]);
});
