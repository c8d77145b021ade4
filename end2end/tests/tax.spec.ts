import { test, expect } from '@playwright/test';
import { hydrated } from './support';

test('billing staff set a country’s tax rate, see it listed, and remove it', async ({ page }) => {
  await page.goto('/staff/settings/tax');
  await hydrated(page);
  await expect(page.locator('tr[data-rate="DE-"] [data-field="rate"]')).toHaveText('19 %');
  await expect(page.locator('tr[data-rate="JP-"]')).toHaveCount(0);

  const form = page.locator('form[data-form="tax-rate"]');
  await form.getByLabel('Country').fill('jp');
  await form.getByLabel('Rate, %').fill('250');
  await form.getByRole('button', { name: 'Set rate' }).click();
  await expect(form.getByText('A rate is between 0 and 100 percent.')).toBeVisible();

  await form.getByLabel('Rate, %').fill('10');
  await form.getByRole('button', { name: 'Set rate' }).click();
  await expect(page.locator('tr[data-rate="JP-"] [data-field="rate"]')).toHaveText('10 %');

  await page.locator('tr[data-rate="JP-"]').getByRole('button', { name: 'Remove' }).click();
  await expect(page.locator('tr[data-rate="JP-"]')).toHaveCount(0);
});

test('a client’s overview shows the rate its invoices carry', async ({ page }) => {
  await page.goto('/staff/clients?view=list&per_page=12');
  await hydrated(page);
  const id = await page.locator('tr.client-row').first().getAttribute('data-id');
  await page.goto(`/staff/clients/${id}/overview`);
  await expect(page.locator('[data-field="tax-rate"]')).toHaveText(/^\d+(\.\d+)? %$/);
});
