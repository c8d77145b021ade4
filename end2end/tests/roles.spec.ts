import { test, expect, Page, Browser } from '@playwright/test';
import { hydrated } from './support';

// The administrator adds a colleague on the Staff page and reads the issued password off it.
async function addStaff(page: Page, email: string, name: string, role: string): Promise<string> {
  await page.goto('/staff/settings/staff');
  await hydrated(page);
  const form = page.locator('form.add-staff');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption({ label: role });
  await form.getByRole('button', { name: 'Add staff member' }).click();
  const issued = page.locator('.issued-password');
  await expect(issued).toBeVisible();
  await expect(page.locator(`tr[data-email="${email}"]`)).toContainText(role);
  return (await issued.innerText()).trim();
}

// A new browser (no shared cookies): signs in with the issued password and chooses a new one.
async function firstSignIn(browser: Browser, email: string, issued: string, chosen: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(issued);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/settings\/password$/);
  await expect(page.getByRole('status')).toContainText('Choose your own');

  // Nothing else opens until the password is replaced.
  await page.goto('/staff/clients');
  await expect(page).toHaveURL(/\/staff\/settings\/password$/);
  await hydrated(page);

  await page.getByLabel('Current password').fill(issued);
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('New password again').fill(chosen + ' typo');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('.field-error[data-field="confirm"]')).toContainText('not the same');
  await expect(page).toHaveURL(/\/staff\/settings\/password$/);

  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('New password again').fill(chosen);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/staff\/clients$/);
  return page;
}

test('an administrator adds a read-only colleague, who must choose a password and sees no actions', async ({ page, browser }) => {
  const email = `reader-${Date.now()}@cumulus.test`;
  const issued = await addStaff(page, email, 'Rita Reader', 'Read-only');

  const reader = await firstSignIn(browser, email, issued, 'rita reads everything');
  await hydrated(reader);
  await expect(reader.locator('.usermenu .who')).toHaveText('Rita Reader');
  // Reading is allowed; changing is not offered.
  await expect(reader.locator('.client-card, tr.client-row').first()).toBeVisible();
  await expect(reader.getByRole('link', { name: 'Create client' })).toHaveCount(0);
  await expect(reader.getByRole('link', { name: 'Staff', exact: true })).toHaveCount(0);
  await expect(reader.locator('.actions .action.suspend, .actions .action.delete, .actions .action.edit')).toHaveCount(0);
  await expect(reader.locator('.actions .action.view').first()).toBeAttached();

  const clientHref = await reader.locator('.actions .action.view').first().getAttribute('href');
  await reader.goto(clientHref!);
  await hydrated(reader);
  await expect(reader.locator('.client-head')).toBeVisible();
  await expect(reader.locator('.client-head').getByRole('button', { name: /Suspend|Resume|Delete/ })).toHaveCount(0);
  await expect(reader.locator('.client-head').getByRole('link', { name: 'Edit' })).toHaveCount(0);

  // Pages the role does not include say so.
  const denied = await reader.goto('/staff/settings/staff');
  expect(denied?.status()).toBe(403);
  await expect(reader.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await reader.context().close();
});

test('an administrator changes a colleague\'s role and deactivates the account', async ({ page, browser }) => {
  const email = `biller-${Date.now()}@cumulus.test`;
  const issued = await addStaff(page, email, 'Bill Biller', 'Billing');
  const biller = await firstSignIn(browser, email, issued, 'bill counts the money');
  await hydrated(biller);
  // Billing can add invoices but not delete clients.
  await expect(biller.locator('.actions .action.delete')).toHaveCount(0);

  // The administrator makes them support, then deactivates them.
  const row = page.locator(`tr[data-email="${email}"]`);
  await row.getByRole('combobox').selectOption({ label: 'Support' });
  await row.getByRole('button', { name: 'Save role' }).click();
  await expect(page.locator(`tr[data-email="${email}"] select`)).toHaveValue('support');
  await page.locator(`tr[data-email="${email}"]`).getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.locator(`tr[data-email="${email}"]`)).toContainText('Deactivated');

  // Their open session ends at their next request.
  await biller.goto('/staff/clients');
  await expect(biller).toHaveURL(/\/login/);
  await biller.context().close();
});
