import { test, expect } from '@playwright/test';
import { hydrated } from './support';

// These tests start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test('a signed-out visitor is sent to sign in, then back where they were going', async ({ page }) => {
  await page.goto('/staff/clients?view=list');
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await page.getByLabel('Email').fill(process.env.E2E_STAFF_EMAIL!);
  await page.getByLabel('Password').fill(process.env.E2E_STAFF_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/clients\?view=list/);
  await expect(page.locator('.usermenu .who')).toHaveText('Administrator');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/staff/clients');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password shows a clear message and signs nobody in', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(process.env.E2E_STAFF_EMAIL!);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login/);
});
