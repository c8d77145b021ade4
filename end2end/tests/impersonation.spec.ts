import { test, expect } from '@playwright/test';
import { hydrated } from './support';

// Impersonating rotates the session id (no fixation), which would sign out the session the
// other tests share: this test signs in on its own.
test.use({ storageState: { cookies: [], origins: [] } });

test('impersonate a client user from the Users tab, see their portal, stop, and find it in Activity', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(process.env.E2E_STAFF_EMAIL!);
  await page.getByLabel('Password').fill(process.env.E2E_STAFF_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/clients/);

  // A client with users: the first active one that has an Impersonate button.
  await page.goto('/staff/clients?status=active&view=list&per_page=12');
  await hydrated(page);
  const ids = await page.locator('tr.client-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
  let clientId: string | null = null;
  for (const id of ids) {
    await page.goto(`/staff/clients/${id}/users`);
    if ((await page.getByRole('button', { name: 'Impersonate' }).count()) > 0) {
      clientId = id;
      break;
    }
  }
  expect(clientId).not.toBeNull();
  const clientName = (await page.locator('h1').first().innerText()).replace(/\s*(Active|Inactive)$/, '').trim();

  await page.getByRole('button', { name: 'Impersonate' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('status')).toContainText('You are impersonating');
  await expect(page.locator('h1')).toHaveText(clientName);

  await hydrated(page);
  await page.getByRole('button', { name: 'Stop impersonating' }).click();
  await expect(page).toHaveURL(/\/staff\/clients/);

  await page.goto(`/staff/clients/${clientId}/activity`);
  await expect(page.locator('tr[data-action="impersonation.start"]').first()).toBeVisible();
});
