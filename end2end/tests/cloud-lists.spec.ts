import { test, expect, Page } from '@playwright/test';
import { hydrated, rows } from './support';

// Cloud › Projects, Cloud › Instances and Domains, reached from the top bar, against the demo
// data: filter with the form, sort by a header, open a row and its client.

/** The first row's link in `column` (0-based), its text, and where it leads. */
async function firstLink(page: Page, column: number) {
  const a = rows(page).first().locator('td').nth(column).locator('a');
  return { a, text: (await a.textContent())!.trim(), href: (await a.getAttribute('href'))! };
}

test('projects: top bar, disabled filter, sort by name, row and client', async ({ page }) => {
  await page.goto('/staff/clients');
  await hydrated(page);
  await page.locator('nav.mainnav').getByRole('link', { name: 'Cloud', exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/cloud\/projects$/);
  await expect(page.locator('.list-tabs .tab.active')).toHaveText('Projects');
  await expect(rows(page)).toHaveCount(25);

  await page.locator('select[data-filter="disabled"]').selectOption('no');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/disabled=no/);
  await expect(rows(page).first()).toBeVisible();
  await expect(page.locator('table.staff-list .badge', { hasText: 'Disabled' })).toHaveCount(0);

  await page.locator('th a[data-sort="name"]').click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page).toHaveURL(/disabled=no/);
  await expect(page.locator('th[aria-sort="descending"] a[data-sort="name"]')).toHaveCount(1);
  const names = (await rows(page).locator('td:first-child a').allTextContents()).map((s) => s.trim());
  expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));

  const project = await firstLink(page, 0);
  await project.a.click();
  await expect(page).toHaveURL(/\/staff\/cloud\/projects\/\d+$/);
  await expect(page.locator('h1')).toContainText(project.text);
  await page.goBack();
  await hydrated(page);
  const client = await firstLink(page, 2);
  expect(client.href).toMatch(/\/staff\/clients\/\d+\/openstack$/);
  await client.a.click();
  await expect(page).toHaveURL(/\/staff\/clients\/\d+\/openstack$/);
  await expect(page.locator('.client-head h1')).toContainText(client.text);
});

test('instances: status filter and totals, sort by name, row and client', async ({ page }) => {
  await page.goto('/staff/cloud/projects');
  await hydrated(page);
  await page.locator('.list-tabs').getByRole('link', { name: 'Instances' }).click();
  await expect(page).toHaveURL(/\/staff\/cloud\/instances$/);
  await expect(page.locator('.status-totals .total[data-status="ACTIVE"]')).toBeVisible();

  await page.locator('select[data-filter="status"]').selectOption('SHUTOFF');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=SHUTOFF/);
  await expect(page.locator('.status-totals .total.active')).toHaveAttribute('data-status', 'SHUTOFF');
  const shown = await page.locator('.status-totals .total.active b').textContent();
  await expect(page.locator('p.count')).toHaveAttribute('data-total', shown!.trim());
  const badges = await rows(page).locator('.badge').allTextContents();
  expect(badges.length).toBeGreaterThan(0);
  expect(new Set(badges)).toEqual(new Set(['SHUTOFF']));

  await page.locator('th a[data-sort="name"]').click();
  await expect(page).toHaveURL(/sort=name/);
  await page.locator('th a[data-sort="name"]').click();
  await expect(page).toHaveURL(/dir=asc/);
  // The URL changes first; the rows follow when their data arrives (polled, not read once).
  await expect
    .poll(async () => {
      const names = (await rows(page).locator('td:first-child a').allTextContents()).map((s) => s.trim());
      return names.length > 0 && names.join('\n') === [...names].sort().join('\n');
    })
    .toBe(true);

  const vm = await firstLink(page, 0);
  await vm.a.click();
  await expect(page).toHaveURL(/\/staff\/cloud\/instances\/\d+$/);
  await expect(page.locator('h1')).toContainText(vm.text);
  await page.goBack();
  await hydrated(page);
  // Name, flavor · IPv4, region, status, project, client.
  const client = await firstLink(page, 5);
  expect(client.href).toMatch(/\/staff\/clients\/\d+\/resources\?kind=instances$/);
  await client.a.click();
  await expect(page).toHaveURL(/\/staff\/clients\/\d+\/resources\?kind=instances$/);
  await expect(page.locator('.client-head h1')).toContainText(client.text);
});

test('domains: top bar, status filter, sort by name, row and client; a bad filter says why', async ({ page }) => {
  await page.goto('/staff/clients');
  await hydrated(page);
  await page.locator('nav.mainnav').getByRole('link', { name: 'Domains', exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/domains$/);

  await page.locator('select[data-filter="status"]').selectOption('active');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=active/);
  await expect(rows(page).first()).toBeVisible();
  expect(new Set(await rows(page).locator('.badge').allTextContents())).toEqual(new Set(['Active']));

  await page.locator('th a[data-sort="name"]').click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page.locator('th[aria-sort="ascending"] a[data-sort="name"]')).toHaveCount(1);

  const domain = await firstLink(page, 0);
  await domain.a.click();
  await expect(page).toHaveURL(/\/staff\/domains\/\d+$/);
  await expect(page.locator('h1')).toContainText(domain.text);
  await page.goBack();
  await hydrated(page);
  const client = await firstLink(page, 1);
  await client.a.click();
  await expect(page).toHaveURL(/\/staff\/clients\/\d+\/domains$/);
  await expect(page.locator('.client-head h1')).toContainText(client.text);

  await page.goto('/staff/domains?status=parked');
  await expect(page.locator('.list-page [role="alert"] li[data-field="status"]')).toHaveText(
    'Unknown domain status: parked.',
  );
});
