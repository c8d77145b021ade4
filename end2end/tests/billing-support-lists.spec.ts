import { test, expect, Page } from '@playwright/test';
import { hydrated, rows } from './support';

// Billing › Services, Billing › Journal and Support › Tickets against the demo data: reached
// from the top bar, filtered through the form, sorted by a header, each row leading to its
// detail page and to its client; and a ticket opened for a client from the tickets list.

/** From the top bar's `area` to its list tab `tab`. */
async function openList(page: Page, area: string, tab: string | null, path: string) {
  await page.goto('/staff/clients');
  await hydrated(page);
  await page.locator('.mainnav').getByRole('link', { name: area }).click();
  if (tab) await page.locator('.list-tabs').getByRole('link', { name: tab }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(rows(page).first()).toBeVisible();
}

/** Follows the first row's client link and checks it lands on the client's `tab`. */
async function followClient(page: Page, listUrl: string, tab: string) {
  await page.goto(listUrl);
  await hydrated(page);
  const client = rows(page).first().locator(`a[href*="/staff/clients/"]`);
  const href = (await client.getAttribute('href'))!;
  expect(href).toMatch(new RegExp(`/staff/clients/\\d+/${tab}$`));
  await client.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator('.client-head h1')).not.toBeEmpty();
}

test('services: filter by status and type, sort by name, open a service and its client', async ({ page }) => {
  await openList(page, 'Billing', 'Services', '/staff/billing/services');
  await page.locator('select[data-filter="status"]').selectOption('active');
  await page.locator('select[data-filter="type"]').selectOption('hosting');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=active/);
  await expect(page).toHaveURL(/type=hosting/);
  await expect(rows(page).first()).toBeVisible();
  for (const badge of await rows(page).locator('.badge').allTextContents()) expect(badge).toBe('Active');
  for (const product of await rows(page).locator('td:nth-child(2)').allTextContents()) {
    expect(product).toContain('(Hosting)');
  }
  await expect(page.locator('.status-totals .total.active')).toHaveAttribute('data-status', 'active');

  await page.locator('th a[data-sort="name"]').click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Service');
  const names = await rows(page).locator('td:first-child a').allTextContents();
  expect(names).toEqual([...names].sort());

  const listUrl = page.url();
  const name = names[0];
  await rows(page).first().locator('td:first-child a').click();
  await expect(page).toHaveURL(/\/staff\/billing\/services\/\d+$/);
  await expect(page.locator('h1')).toContainText(name);
  await followClient(page, listUrl, 'services');
});

test('journal: filter by source account, oldest first, open an entry and its client', async ({ page }) => {
  await openList(page, 'Billing', 'Journal', '/staff/billing/journal');
  await page.locator('select[data-filter="source"]').selectOption('credit');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/source=credit/);
  await expect(rows(page).first()).toBeVisible();
  for (const source of await rows(page).locator('td:nth-child(3)').allTextContents()) {
    expect(source).toBe('Client credit');
  }

  await page.locator('th a[data-sort="date"]').click();
  await expect(page).toHaveURL(/sort=date&dir=asc/);
  const dates = await rows(page).locator('td:first-child a').allTextContents();
  expect(dates).toEqual([...dates].sort());

  const listUrl = page.url();
  await rows(page).first().locator('td:first-child a').click();
  await expect(page).toHaveURL(/\/staff\/billing\/journal\/\d+$/);
  await expect(page.locator('h1')).toContainText('Journal entry');
  await followClient(page, listUrl, 'journal');
});

test('tickets: coloured by status, filter by department, sort by update, open a ticket and its client', async ({ page }) => {
  await openList(page, 'Support', null, '/staff/support/tickets');
  await expect(rows(page).first().locator('td.bar')).toHaveClass(/ticket-/);
  await expect(page.locator('.status-totals .total.ticket-open')).toBeVisible();

  await page.locator('select[data-filter="department"]').selectOption('technical');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/department=technical/);
  await expect(rows(page).first()).toBeVisible();
  for (const d of await rows(page).locator('td:nth-child(5)').allTextContents()) {
    expect(d).toBe('Technical support');
  }

  await page.locator('th a[data-sort="updated"]').click();
  await expect(page).toHaveURL(/sort=updated&dir=desc/);
  const updated = await rows(page).locator('td:nth-child(9)').allTextContents();
  expect(updated).toEqual([...updated].sort().reverse());

  const listUrl = page.url();
  const title = (await rows(page).first().locator('td:nth-child(3) a').textContent())!;
  // A click on the row's colour bar opens the ticket too.
  await rows(page).first().locator('td.bar').click();
  await expect(page).toHaveURL(/\/staff\/support\/tickets\/\d+$/);
  await expect(page.locator('h1')).toContainText(title);
  await followClient(page, listUrl, 'tickets');
});

test('open a ticket for a client from the tickets list', async ({ page }) => {
  await page.goto('/staff/support/tickets');
  await hydrated(page);
  const href = (await rows(page).first().locator('a[href*="/staff/clients/"]').getAttribute('href'))!;
  const clientId = href.match(/\/staff\/clients\/(\d+)\//)![1];

  await page.getByRole('button', { name: 'Open ticket' }).click();
  const form = page.locator('form.open-ticket');
  await form.getByLabel('Client ID').fill('99999999');
  await form.getByLabel('Title').fill('Opened from the list');
  await form.getByLabel('First message').fill('Hello from the tickets list.');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  await expect(form.locator('.field-error[data-field="client_id"]')).toHaveText(
    'There is no client with ID 99999999.',
  );
  await expect(page).toHaveURL(/\/staff\/support\/tickets$/);

  await form.getByLabel('Client ID').fill(clientId);
  await form.getByLabel('Department').selectOption('billing');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page).toHaveURL(/\/staff\/support\/tickets\/\d+$/);
  await expect(page.locator('h1')).toContainText('Opened from the list');
  await expect(page.locator('[data-field="department"]')).toHaveText('Billing');
  await expect(page.locator('.crumbs a')).toHaveAttribute('href', `/staff/clients/${clientId}/tickets`);
});
