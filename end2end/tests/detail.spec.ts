import { test, expect, Page } from '@playwright/test';
import { hydrated, markNoReload, expectNoReload } from './support';

// The client detail page and the pages its rows lead to, against the demo data.

const TABS = [
  'overview', 'invoices', 'journal', 'openstack', 'users',
  'configuration', 'resources', 'services', 'domains', 'tickets',
];

// (Local: search.spec.ts's `firstWithClient` walks resource pages instead, not client tabs.)
/** The first client id from `from` whose `tab` page (server-rendered) has `selector`. */
async function findClient(page: Page, tab: string, selector: string, from = 1): Promise<number> {
  for (let id = from; id < from + 120; id++) {
    const res = await page.goto(`/staff/clients/${id}/${tab}`);
    if (res?.status() === 200 && (await page.locator(selector).count()) > 0) return id;
  }
  throw new Error(`no client with ${selector} on ${tab}`);
}

test('every tab renders on the server from a cold URL', async ({ page }) => {
  for (const tab of TABS) {
    const res = await page.goto(`/staff/clients/1/${tab}`);
    expect(res?.status(), tab).toBe(200);
    await expect(page.locator(`.tab-panel[data-tab="${tab}"]`)).toHaveCount(1);
    await expect(page.locator('.client-head h1')).not.toBeEmpty();
    await expect(page.locator('.tabs .tab.active')).toHaveCount(1);
  }
  await page.goto('/staff/clients/1/overview');
  await expect(page.locator('[data-field="id"]')).toHaveText('1');
  await expect(page.locator('[data-field="uptodate-credit"]')).not.toBeEmpty();
});

test('unknown clients and tabs are real 404s; the bare client URL opens the overview', async ({ page }) => {
  expect((await page.goto('/staff/clients/999999/overview'))?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
  expect((await page.goto('/staff/clients/1/nonsense'))?.status()).toBe(404);
  expect((await page.goto('/staff/billing/invoices/0'))?.status()).toBe(404);
  expect((await page.goto('/staff/cloud/widgets/1'))?.status()).toBe(404);
  await page.goto('/staff/clients/1');
  await expect(page).toHaveURL(/\/staff\/clients\/1\/overview$/);
});

test('tabs switch in the browser and rows open their detail pages', async ({ page }) => {
  const id = await findClient(page, 'invoices', 'table.invoices tbody tr');
  await hydrated(page);
  await markNoReload(page);
  await page.locator('.tabs').getByRole('link', { name: 'Journal' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/clients/${id}/journal$`));
  await expectNoReload(page);

  await page.goto(`/staff/clients/${id}/invoices`);
  await hydrated(page);
  const number = (await page.locator('table.invoices tbody tr td a').first().textContent())!;
  await page.locator('table.invoices tbody tr td a').first().click();
  await expect(page).toHaveURL(/\/staff\/billing\/invoices\/\d+$/);
  await expect(page.locator('h1')).toContainText(number);
  await expect(page.locator('[data-field="total"]')).not.toBeEmpty();

  // A click anywhere on the row (here: its amount) opens the entry.
  await page.goto(`/staff/clients/${id}/journal`);
  await hydrated(page);
  await page.locator('table tbody tr td.num').first().click();
  await expect(page).toHaveURL(/\/staff\/billing\/journal\/\d+$/);
  await expect(page.locator('h1')).toContainText('Journal entry');

  await page.goto(`/staff/clients/${id}/services`);
  await hydrated(page);
  const svc = (await page.locator('table tbody tr td a').first().textContent())!;
  await page.locator('table tbody tr td a').first().click();
  await expect(page).toHaveURL(/\/staff\/billing\/services\/\d+$/);
  await expect(page.locator('h1')).toContainText(svc);
});

test('cloud resources: each kind lists, a row opens the resource, then its project', async ({ page }) => {
  const id = await findClient(page, 'resources', 'table.resources tbody tr');
  await hydrated(page);
  await page.locator('.subtab[data-kind="volumes"]').click();
  await expect(page).toHaveURL(/kind=volumes/);
  await expect(page.locator('.tab-panel h2')).toHaveText('Volumes');
  await page.goto(`/staff/clients/${id}/resources?kind=instances`);
  await hydrated(page);
  const name = (await page.locator('table.resources tbody tr td a').first().textContent())!;
  await page.locator('table.resources tbody tr td a').first().click();
  await expect(page).toHaveURL(/\/staff\/cloud\/instances\/\d+$/);
  await expect(page.locator('h1')).toContainText(name);
  await page.locator('.facts').getByRole('link').last().click();
  await expect(page).toHaveURL(/\/staff\/cloud\/projects\/\d+$/);
  await expect(page.locator('.counts li')).toHaveCount(7);
});

test('cloud resources: "Refresh from cloud" syncs and says when', async ({ page }) => {
  const id = await findClient(page, 'resources', 'table.resources tbody tr', 30);
  await hydrated(page);
  const bar = page.locator('.cloud-sync');
  await expect(bar.locator('.sync-state')).toHaveText('Not synced from the cloud yet');
  const before = await page.locator('.subtab').allTextContents();
  await bar.getByRole('button', { name: 'Refresh from cloud' }).click();
  // The job runs in the server's worker; the tab follows it until it has finished.
  await expect(bar.locator('.sync-state')).toHaveText(/^Last synced from the cloud \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  await expect(bar.getByRole('button', { name: 'Refresh from cloud' })).toBeEnabled();
  // The local stand-in's cloud is our tables: nothing changes.
  expect(await page.locator('.subtab').allTextContents()).toEqual(before);
  await page.goto(`/staff/clients/${id}/resources`);
  await expect(page.locator('.cloud-sync .sync-state')).toContainText('Last synced from the cloud');
});

test('add invoice: server validation per field, then the new invoice with totals', async ({ page }) => {
  await page.goto('/staff/clients/2/invoices');
  await hydrated(page);
  await page.getByRole('button', { name: 'Add invoice' }).click();
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await expect(page.locator('.field-error[data-field="items.0.description"]')).toHaveText('Describe the item.');
  await page.getByLabel('Description').first().fill('Consulting');
  await page.getByLabel('Quantity').first().fill('0');
  await page.getByLabel('Unit price').first().fill('12.5');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await expect(page.locator('.field-error[data-field="items.0.quantity"]')).toHaveText('The quantity must be more than 0.');
  await page.getByLabel('Quantity').first().fill('2');
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Description').nth(1).fill('Setup');
  await page.getByLabel('Unit price').nth(1).fill('5');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await expect(page).toHaveURL(/\/staff\/billing\/invoices\/\d+$/);
  await expect(page.locator('[data-field="subtotal"]')).toContainText('30.00');
  await expect(page.locator('[data-field="status"]')).toContainText('Unpaid');
  await expect(page.locator('table.items tbody tr')).toHaveCount(2);
});

test('openstack: change plan, terminate, create again', async ({ page }) => {
  const id = await findClient(page, 'openstack', 'button:text("Terminate service")');
  await hydrated(page);
  const options = await page.locator('select[name="plan_id"] option').count();
  if (options > 1) {
    const current = await page.locator('[data-field="pricing-plan"]').textContent();
    const other = page.locator('select[name="plan_id"] option', { hasNotText: current! }).first();
    await page.locator('select[name="plan_id"]').selectOption(await other.getAttribute('value'));
    await page.getByRole('button', { name: 'Change plan' }).click();
    await expect(page.locator('.ok')).toHaveText('Pricing plan changed.');
    const chosen = (await other.textContent())!;
    await expect(page.locator('[data-field="pricing-plan"]')).toHaveText(chosen);
    // The change is recorded on the service page.
    await page.locator('.facts').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/staff\/billing\/services\/\d+$/);
    await expect(page.locator('table.plan-changes tbody tr').first()).toContainText(chosen);
    await page.goBack();
    await hydrated(page);
  } else {
    await page.getByRole('button', { name: 'Change plan' }).click();
    await expect(page.locator('.field-error[data-field="plan_id"]')).toHaveText('The service already uses this plan.');
  }
  await page.getByRole('button', { name: 'Terminate service' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, terminate' }).click();
  await expect(page.locator('[data-field="service-status"]')).toHaveText('Terminated');
  await expect(page.getByRole('button', { name: 'Create OpenStack service' })).toBeVisible();
  await page.getByRole('button', { name: 'Create OpenStack service' }).click();
  await expect(page.locator('[data-field="service-status"]')).toHaveText('Active');
  await expect(page.locator('.client-head .badge')).toHaveText('Active');
  await page.goto(`/staff/clients/${id}/openstack`);
  await expect(page.locator('[data-field="service-status"]')).toHaveText('Active');
});

test('users: associate with roles, manage roles, dissociate', async ({ page }) => {
  await page.goto('/staff/clients/3/users');
  await hydrated(page);
  const before = await page.locator('table.users tbody tr').count();
  await page.getByRole('button', { name: 'Associate user' }).click();
  const form = page.locator('form.associate');
  await form.getByRole('button', { name: 'Associate' }).click();
  await expect(form.locator('.field-error[data-field="user_id"]')).toHaveText('Choose a user.');
  const option = form.locator('select[name="user_id"] option').nth(1);
  const label = (await option.textContent())!;
  const userId = (await option.getAttribute('value'))!;
  // Searching by the user's email narrows the choices to that user.
  await form.locator('input[name="query"]').fill(label.split('<')[1].replace('>', ''));
  await expect(form.locator('select[name="user_id"] option')).toHaveCount(2);
  await form.locator('select[name="user_id"]').selectOption(userId);
  await form.getByLabel('Billing').check();
  await form.getByRole('button', { name: 'Associate' }).click();
  await expect(page.locator('table.users tbody tr')).toHaveCount(before + 1);
  const row = page.locator(`tr[data-user="${userId}"]`);
  await expect(row).toContainText(label.split(' <')[0]);
  await expect(row.locator('td.roles')).toContainText('Billing');
  await expect(row.getByRole('button', { name: 'Impersonate' })).toBeVisible();

  await row.getByRole('button', { name: 'Manage roles' }).click();
  await row.getByLabel('Technical').check();
  await row.getByRole('button', { name: 'Save roles' }).click();
  // The reloaded row shows the saved set (the open editor also lists every role's name).
  await expect(page.locator(`tr[data-user="${userId}"] td.roles`)).toHaveText(/Billing, Technical$/);

  await page.locator(`tr[data-user="${userId}"]`).getByRole('button', { name: 'Dissociate' }).click();
  await expect(page.getByRole('dialog')).toContainText('Dissociate');
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, dissociate' }).click();
  await expect(page.locator(`tr[data-user="${userId}"]`)).toHaveCount(0);
  await expect(page.locator('table.users tbody tr')).toHaveCount(before);
});

test('configuration: change it', async ({ page }) => {
  await page.goto('/staff/clients/4/configuration');
  await hydrated(page);
  const current = (await page.locator('[data-field="configuration-name"]').textContent())!;
  await page.getByRole('button', { name: 'Change configuration' }).click();
  await page.getByRole('button', { name: 'Save configuration' }).click();
  await expect(page.locator('.field-error[data-field="configuration_id"]')).toHaveText('The client already has this configuration.');
  const select = page.locator('select[name="configuration_id"]');
  const other = select.locator('option:not([selected])').first();
  const otherName = (await other.textContent())!;
  await select.selectOption(await other.getAttribute('value'));
  await page.getByRole('button', { name: 'Save configuration' }).click();
  await expect(page.locator('[data-field="configuration-name"]')).toContainText(otherName);
  expect(otherName).not.toBe(current.replace(' (default)', ''));
});

test('domains: register with validation, then open the domain', async ({ page }) => {
  await page.goto('/staff/clients/5/domains');
  await hydrated(page);
  await page.getByRole('button', { name: 'Register domain' }).click();
  const form = page.locator('form.register-domain');
  await form.locator('input[name="name"]').fill('Bad name!');
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(form.locator('.field-error[data-field="name"]')).toHaveText('Use only letters a-z, digits and hyphens.');
  const name = `e2e-${Date.now()}`;
  await form.locator('input[name="name"]').fill(name);
  await form.locator('select[name="tld"]').selectOption('io');
  await form.locator('input[name="years"]').fill('3');
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(page.locator('p.ok')).toContainText('Domain registered');
  await page.locator('table.domains').getByRole('link', { name: `${name}.io` }).click();
  await expect(page).toHaveURL(/\/staff\/domains\/\d+$/);
  await expect(page.locator('h1')).toContainText(`${name}.io`);
  await expect(page.locator('[data-field="status"]')).toHaveText('Pending');
  await page.locator('.facts').getByRole('link').click();
  await expect(page).toHaveURL(/\/staff\/billing\/services\/\d+$/);
});

test('tickets: open one with validation; rows open the ticket with its messages', async ({ page }) => {
  await page.goto('/staff/clients/6/tickets');
  await hydrated(page);
  await page.getByRole('button', { name: 'Open ticket' }).first().click();
  const form = page.locator('form.open-ticket');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  await expect(form.locator('.field-error[data-field="title"]')).toHaveText('Give the ticket a title.');
  await expect(form.locator('.field-error[data-field="message"]')).toHaveText('Write the first message.');
  await form.locator('input[name="title"]').fill('Invoice question');
  await form.locator('select[name="department"]').selectOption('billing');
  await form.locator('textarea[name="message"]').fill('Why is the VAT 19%?');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page).toHaveURL(/\/staff\/support\/tickets\/\d+$/);
  await expect(page.locator('h1')).toContainText('Invoice question');
  await expect(page.locator('[data-field="department"]')).toHaveText('Billing');
  await expect(page.locator('.messages .body')).toHaveText('Why is the VAT 19%?');

  await page.goto('/staff/clients/6/tickets');
  await hydrated(page);
  await expect(page.locator('table.tickets tbody tr').first().locator('td.bar')).toHaveClass(/ticket-open/);
  await page.locator('table.tickets tbody tr td a').first().click();
  await expect(page.locator('h1')).toContainText('Invoice question');
});

test('header: suspend with a reason, resume, delete with confirmation', async ({ page }) => {
  const id = await findClient(page, 'overview', '.client-head button:text("Suspend")', 250);
  await hydrated(page);
  await page.getByRole('button', { name: 'Suspend' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('textarea[name="reason"]').fill('Unpaid invoices');
  await dialog.getByRole('button', { name: 'Yes, suspend' }).click();
  await expect(page.locator('.client-head .badge')).toHaveText('Suspended');
  await expect(page.locator('.client-head')).toContainText('Unpaid invoices');
  await page.getByRole('button', { name: 'Resume' }).click();
  await dialog.getByRole('button', { name: 'Yes, resume' }).click();
  await expect(page.locator('.client-head .badge')).not.toHaveText('Suspended');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog).toContainText('cannot be undone');
  await dialog.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page).toHaveURL(/\/staff\/clients$/);
  expect((await page.goto(`/staff/clients/${id}/overview`))?.status()).toBe(404);
});

