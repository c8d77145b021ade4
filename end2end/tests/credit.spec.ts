import { test, expect } from '@playwright/test';
import { hydrated, money } from './support';

// "Add or withdraw credit" on a client's overview: the live preview of the balances, the
// field messages, then the new balance and its entry on the Activity tab.

test('add credit: preview before and after, apply, see the new balance and the Activity entry', async ({ page }) => {
  // A client whose status takes money changes (the button shows only then).
  let id = 0;
  for (let n = 10; n < 60 && !id; n++) {
    const res = await page.goto(`/staff/clients/${n}/overview`);
    if (res?.status() !== 200) continue;
    await hydrated(page);
    if (await page.getByRole('button', { name: 'Add or withdraw credit' }).count()) id = n;
  }
  expect(id).toBeGreaterThan(0);
  const balanceText = await page.locator('[data-field="credit-balance"]').textContent();
  const before = money(balanceText);
  const currency = balanceText!.trim().split(' ').pop()!;

  await page.getByRole('button', { name: 'Add or withdraw credit' }).click();
  const form = page.locator('form.credit-form');
  await expect(form.locator('select[name="currency"]')).toHaveValue(currency);
  await form.getByLabel('Amount').fill('12.345');
  await expect(form.locator('.field-error[data-field="amount"]')).toHaveText(`${currency} amounts have at most 2 decimals.`);

  await form.getByLabel('Amount').fill('25');
  await expect(form.locator('.field-error[data-field="amount"]')).toHaveCount(0);
  await expect(form.locator('[data-field="credit-before"]')).toHaveText(balanceText!.trim());
  await expect.poll(async () => money(await form.locator('[data-field="credit-after"]').textContent())).toBeCloseTo(before + 25, 2);
  await expect(form.locator('[data-field="uptodate-after"]')).toContainText(currency);

  // The reason is required.
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form.locator('.field-error[data-field="reason"]')).toHaveText('Give a reason.');
  await form.getByLabel('Reason').fill('Playwright goodwill credit');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form).toHaveCount(0);
  await expect.poll(async () => money(await page.locator('[data-field="credit-balance"]').textContent())).toBeCloseTo(before + 25, 2);

  await page.locator('.tabs').getByRole('link', { name: 'Activity' }).click();
  const entry = page.locator('tr[data-action="credit.adjust"]').first();
  await expect(entry).toContainText('Playwright goodwill credit');
  await expect(entry).toContainText('"direction":"add"');
});
