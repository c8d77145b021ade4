import { test, expect } from '@playwright/test';
import { hydrated } from './support';

test('choose, reorder and keep the list columns', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/staff/clients?view=list');
  await hydrated(page);
  const table = page.locator('table[data-view="list"]');
  await expect(table).toHaveAttribute('data-columns', /^company email country status/);

  await page.getByRole('button', { name: 'Columns' }).click();
  const panel = page.getByRole('dialog', { name: 'Choose columns' });
  await panel.locator('li[data-column="email"] input').uncheck();
  await panel.locator('li[data-column="phone"] input').check();
  // Phone is last among the unticked; move it up to just after the status.
  for (let i = 0; i < 20; i++) {
    const order = await panel.locator('li').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-column')));
    if (order.indexOf('phone') === order.indexOf('status') + 1) break;
    await panel.getByRole('button', { name: 'Move Phone up' }).click();
  }
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/views/columns') && r.ok()),
    panel.getByRole('button', { name: 'Apply' }).click(),
  ]);
  await expect(page).toHaveURL(/cols=company,country,status,phone,/);
  await expect(table).toHaveAttribute('data-columns', /^company country status phone uptodate_credit/);
  await expect(page.locator('tr.client-row td.phone').first()).toHaveText(/\+?\d/);
  await expect(page.locator('tr.client-row td.email')).toHaveCount(0);

  // Remembered for this staff member: a bare URL shows them again.
  await page.goto('/staff/clients?view=list');
  await expect(page.locator('table[data-view="list"]')).toHaveAttribute('data-columns', /^company country status phone/);

  // Back to the default set for the other stories.
  await hydrated(page);
  await page.getByRole('button', { name: 'Columns' }).click();
  await panel.locator('li[data-column="phone"] input').uncheck();
  await panel.locator('li[data-column="email"] input').check();
  for (let i = 0; i < 20; i++) {
    const order = await panel.locator('li').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-column')));
    if (order.indexOf('email') === 1) break;
    await panel.getByRole('button', { name: 'Move Email up' }).click();
  }
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/views/columns') && r.ok()),
    panel.getByRole('button', { name: 'Apply' }).click(),
  ]);
  await expect(page).toHaveURL(/cols=company,email,country,status,uptodate_credit/);
  expect(problems).toEqual([]);
});

test('save a view, reopen it from its tab, land on it, delete it', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/staff/clients?status=suspended&sort=credit&dir=desc');
  await hydrated(page);
  await page.getByRole('button', { name: '+ Save view' }).click();
  const form = page.locator('form.save-view-form');
  // A name is required.
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.locator('.field-error')).toHaveText('Give the view a name.');
  await form.locator('input[name="view_name"]').fill('Suspended by credit');
  await form.getByRole('button', { name: 'Save' }).click();
  const tab = page.locator('.view-tabs a.tab', { hasText: 'Suspended by credit' });
  await expect(tab).toHaveClass(/active/);

  // Elsewhere, the tab brings the whole state back.
  await page.locator('.view-tabs a.tab', { hasText: 'All clients' }).click();
  await expect(page).toHaveURL(/show=all/);
  await expect(tab).not.toHaveClass(/active/);
  await tab.click();
  await expect(page).toHaveURL(/status=suspended&sort=credit&dir=desc/);
  await expect(tab).toHaveClass(/active/);

  // The dashboard opens on it, from the server and from a link in the browser.
  await page.getByRole('button', { name: 'Open on this view' }).click();
  await expect(tab).toContainText('★');
  await page.goto('/staff/clients');
  await expect(page).toHaveURL(/status=suspended&sort=credit&dir=desc/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Stop opening on this view' }).click();
  await expect(tab).not.toContainText('★');
  await page.goto('/staff/clients');
  await expect(page).toHaveURL(/\/staff\/clients$/);

  await tab.click();
  await page.getByRole('button', { name: 'Delete view' }).click();
  await expect(page.locator('.view-tabs a.tab', { hasText: 'Suspended by credit' })).toHaveCount(0);
  expect(problems).toEqual([]);
});
