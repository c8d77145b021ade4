import { test, expect, Page } from '@playwright/test';
import { hydrated } from './support';

const focusedId = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('.client-item')?.getAttribute('data-id') ?? null);

for (const view of ['cards', 'list']) {
  test(`drive the ${view} view with the keyboard`, async ({ page }) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`/staff/clients?view=${view}&per_page=12`);
    await hydrated(page);
    const ids = await page.locator('.client-item').evaluateAll((es) => es.map((e) => e.getAttribute('data-id')));
    expect(ids.length).toBe(12);

    await page.keyboard.press('j');
    expect(await focusedId(page)).toBe(ids[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await focusedId(page)).toBe(ids[2]);
    await page.keyboard.press('k');
    expect(await focusedId(page)).toBe(ids[1]);
    // Focus is visible.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/staff/clients/${ids[1]}/overview$`));
    await page.goBack();
    const search = page.locator('aside.filters input[name="q"]');
    await expect(search).toBeVisible();

    // `/` focuses the search; typing there is typing, not shortcuts.
    await page.keyboard.press('/');
    await expect(page.locator('aside.filters input[name="q"]')).toBeFocused();
    await page.keyboard.type('jk');
    await expect(page.locator('aside.filters input[name="q"]')).toHaveValue('jk');
    expect(await focusedId(page)).toBeNull();
    expect(problems).toEqual([]);
  });
}

test('`?` lists the shortcuts and `g c` goes to the clients from anywhere', async ({ page }) => {
  await page.goto('/staff/billing/invoices');
  await hydrated(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.locator('dt')).toHaveCount(7);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // A lone `c` does nothing; `g` then `c` does.
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/staff\/billing\/invoices/);
  await page.keyboard.press('g');
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/staff\/clients$/);
});
