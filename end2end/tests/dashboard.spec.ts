import { test, expect } from '@playwright/test';
import { hydrated, total, markNoReload, expectNoReload } from './support';

test('views toggle in the browser, live in the URL and are remembered', async ({ page, context }) => {
  // Forget the remembered view (only that: the session cookie keeps us signed in).
  await context.clearCookies({ name: 'clients_view' });
  await page.goto('/staff/clients');
  await hydrated(page);
  await expect(page.locator('[data-view="cards"]')).toBeVisible();
  await markNoReload(page);
  await page.getByRole('link', { name: 'List', exact: true }).click();
  await expect(page).toHaveURL(/view=list/);
  await expect(page.locator('table[data-view="list"] tbody tr.client-row').first()).toBeVisible();
  await expectNoReload(page);
  // Remembered for the next visit: a cold load without `view` renders the list on the server.
  const html = await (await page.request.get('/staff/clients')).text();
  expect(html).toContain('data-view="list"');
  await page.goto('/staff/clients');
  await expect(page.locator('table[data-view="list"]')).toBeVisible();
  await page.goBack();
  await page.getByRole('link', { name: 'Cards', exact: true }).click();
  await expect(page.locator('[data-view="cards"]')).toBeVisible();
});

test('the header counts licences and totals per status; a total filters', async ({ page }) => {
  await page.goto('/staff/clients?view=cards');
  await hydrated(page);
  const licence = Number(await page.locator('[data-licence]').getAttribute('data-licence'));
  const active = Number(await page.locator('.status-total[data-status="active"] .n').textContent());
  expect(licence).toBeGreaterThan(0);
  expect(licence).toBe(active);
  const suspended = Number(await page.locator('.status-total[data-status="suspended"] .n').textContent());
  expect(suspended).toBeGreaterThan(0);
  await page.locator('.status-total[data-status="suspended"]').click();
  await expect(page).toHaveURL(/status=suspended/);
  await expect.poll(() => total(page)).toBe(suspended);
  const badges = page.locator('.client-card .badge');
  await expect(badges.first()).toHaveText('Suspended');
  for (const text of await badges.allTextContents()) expect(text).toBe('Suspended');
  await expect(page.locator('.status-total[data-status="suspended"]')).toHaveAttribute('title', /suspended/);
});

// Every filter of the panel, applied through the form; each narrows the list and shows a chip.
const selects: [string, 'multi' | 'yesno' | 'date'][] = [
  ['from', 'date'],
  ['to', 'date'],
  ['configuration', 'multi'],
  ['status', 'multi'],
  ['tax_exempt', 'yesno'],
  ['group', 'multi'],
  ['region', 'multi'],
  ['flavor', 'multi'],
  ['hypervisor', 'multi'],
  ['billing_agreement', 'yesno'],
  ['has_services', 'yesno'],
  ['has_instances', 'yesno'],
  ['service_type', 'multi'],
  ['product', 'multi'],
];

test('each filter applies through the form, shows a chip and clears', async ({ page }) => {
  await page.goto('/staff/clients?per_page=12');
  await hydrated(page);
  const all = await total(page);
  await markNoReload(page);
  for (const [name, kind] of selects) {
    const form = page.locator('aside.filters form');
    if (kind === 'date') {
      await form.locator(`input[name="${name}"]`).fill(name === 'from' ? '2025-06-01' : '2024-06-01');
    } else if (kind === 'yesno') {
      await form.locator(`select[name="${name}"]`).selectOption('yes');
    } else {
      const boxes = form.locator(`fieldset[data-filter="${name}"] input[type="checkbox"]`);
      const n = await boxes.count();
      await boxes.nth(n > 2 ? 1 : 0).check();
    }
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]${name}=`));
    await expect(page.locator('.chips .chip:not(.clear)')).toHaveCount(1);
    await expect.poll(() => total(page), { message: name }).toBeLessThan(all);
    await page.locator('.chips .chip.clear').click();
    await expect(page).not.toHaveURL(new RegExp(`[?&]${name}=`));
    await expect.poll(() => total(page)).toBe(all);
  }
  await expectNoReload(page);
});

test('filters combine; a chip removes one; search narrows', async ({ page }) => {
  await page.goto('/staff/clients?status=active&has_instances=yes');
  await hydrated(page);
  const both = await total(page);
  await expect(page.locator('.chips .chip:not(.clear)')).toHaveCount(2);
  await page.locator('.chips .chip', { hasText: 'Has instances' }).click();
  await expect(page).not.toHaveURL(/has_instances/);
  await expect.poll(() => total(page)).toBeGreaterThan(both);
  const first = (await page.locator('.client-card h2').first().textContent())!.trim();
  const form = page.locator('aside.filters form');
  await form.locator('input[name="q"]').fill(first);
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.locator('.client-card h2').first()).toHaveText(first);
});

test('sorting by column header, both directions', async ({ page }) => {
  await page.goto('/staff/clients?view=list&per_page=48');
  await hydrated(page);
  await page.locator('th a.sort[data-sort="country"]').click();
  await expect(page).toHaveURL(/sort=country/);
  await expect(page.locator('th[aria-sort="ascending"] a[data-sort="country"]')).toBeVisible();
  let countries = await page.locator('tr.client-row td.country').allTextContents();
  expect(countries).toEqual([...countries].sort());
  await page.locator('th a.sort[data-sort="country"]').click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.locator('th[aria-sort="descending"] a[data-sort="country"]')).toBeVisible();
  countries = await page.locator('tr.client-row td.country').allTextContents();
  expect(countries).toEqual([...countries].sort().reverse());
  // Sort from the form too (works in card view).
  const form = page.locator('aside.filters form');
  await form.locator('select[name="sort"]').selectOption('configuration');
  await form.locator('select[name="dir"]').selectOption('asc');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/sort=configuration/);
  await expect(page).not.toHaveURL(/dir=desc/);
  // The URL changes first; the rows follow when their data arrives (polled, not read once).
  await expect
    .poll(async () => {
      const configs = await page.locator('tr.client-row td.configuration').allTextContents();
      return configs.length > 0 && configs.join('\n') === [...configs].sort().join('\n');
    })
    .toBe(true);
});

test('paging with a page size; the back button restores each state', async ({ page }) => {
  await page.goto('/staff/clients');
  await hydrated(page);
  const all = await total(page);
  const form = page.locator('aside.filters form');
  await form.locator('select[name="per_page"]').selectOption('12');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/per_page=12/);
  await expect(page.locator('.client-card')).toHaveCount(12);
  await expect(page.locator('.pager .where')).toHaveText(`Page 1 of ${Math.ceil(all / 12)}`);
  const firstOnPage1 = await page.locator('.client-card').first().getAttribute('data-id');
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator('.pager .where')).toHaveText(`Page 2 of ${Math.ceil(all / 12)}`);
  await expect(page.locator('.client-card').first()).not.toHaveAttribute('data-id', firstOnPage1!);
  await page.locator('.status-total[data-status="inactive"]').click();
  await expect(page).toHaveURL(/status=inactive/);
  await expect(page).not.toHaveURL(/page=2/);

  await page.goBack();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator('.pager .where')).toHaveText(`Page 2 of ${Math.ceil(all / 12)}`);
  await expect(page.locator('.chips .chip')).toHaveCount(0);
  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(page.locator('.client-card').first()).toHaveAttribute('data-id', firstOnPage1!);
  await page.goForward();
  await page.goForward();
  await expect(page.locator('aside.filters input[name="status"][value="inactive"]')).toBeChecked();
});

test('hovering a client shows its actions; suspend and resume with confirmation', async ({ page }) => {
  await page.goto('/staff/clients?status=active&per_page=12');
  await hydrated(page);
  const card = page.locator('.client-card').first();
  const id = await card.getAttribute('data-id');
  const actions = card.locator('.actions');
  await expect(actions).toBeHidden();
  await card.hover();
  await expect(actions).toBeVisible();
  await expect(actions.getByRole('link', { name: 'View details' })).toHaveAttribute('href', `/staff/clients/${id}/overview`);
  await expect(actions.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', `/staff/clients/${id}/edit`);
  await expect(actions.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await actions.getByRole('button', { name: 'Suspend' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Suspend');
  await dialog.locator('textarea').fill('Unpaid invoices');
  await dialog.getByRole('button', { name: 'Yes, suspend' }).click();
  await expect(dialog).toHaveCount(0);
  // Filtered by Active, the suspended client leaves the list; find it again.
  await page.goto(`/staff/clients?q=${id}&view=list`);
  await hydrated(page);
  const row = page.locator(`tr.client-row[data-id="${id}"]`);
  await expect(row.locator('.badge')).toHaveText('Suspended');
  // Keyboard focus shows the actions too.
  await row.focus();
  await expect(row.locator('.actions')).toBeVisible();
  await row.locator('.actions').getByRole('button', { name: 'Resume' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, resume' }).click();
  await expect(row.locator('.badge')).toHaveText('Active');
});

test('delete asks first and removes the client', async ({ page }) => {
  await page.goto('/staff/clients?status=inactive&view=list');
  await hydrated(page);
  const before = await total(page);
  const row = page.locator('tr.client-row').first();
  const id = await row.getAttribute('data-id');
  await row.hover();
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await row.hover();
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toContainText('cannot be undone');
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.locator(`tr.client-row[data-id="${id}"]`)).toHaveCount(0);
  await expect.poll(() => total(page)).toBe(before - 1);
});

test('create a client, with bad input rejected first, then edit it', async ({ page }) => {
  await page.goto('/staff/clients');
  await hydrated(page);
  await page.getByRole('link', { name: 'Create client' }).click();
  await expect(page).toHaveURL(/\/staff\/clients\/new$/);
  await hydrated(page);
  const form = page.locator('form.client-form');
  await form.locator('input[name="company"]').fill('Playwright Probe Ltd');
  await form.locator('input[name="first_name"]').fill('Pia');
  await form.locator('input[name="last_name"]').fill('Wright');
  await form.locator('input[name="email"]').fill('not an email');
  await form.locator('input[name="country"]').fill('XX');
  await form.getByRole('button', { name: 'Create client' }).click();
  await expect(form.locator('.field-error[data-field="email"]')).toContainText('not a valid email');
  await expect(form.locator('.field-error[data-field="country"]')).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/clients\/new$/);
  await form.locator('input[name="email"]').fill('pia@probe.example');
  await form.locator('input[name="country"]').fill('GB');
  await form.locator('input[type="checkbox"][name="group_ids"]').first().check();
  await form.getByRole('button', { name: 'Create client' }).click();
  await expect(page).toHaveURL(/\/staff\/clients\?q=\d+/);
  const card = page.locator('.client-card', { hasText: 'Playwright Probe Ltd' });
  await expect(card).toBeVisible();
  await expect(card.locator('.country')).toHaveText('GB');
  const id = await card.getAttribute('data-id');

  // Edit: a rejected change first (empty names), then a good one.
  await card.hover();
  await card.getByRole('link', { name: 'Edit' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/clients/${id}/edit$`));
  const edit = page.locator('form.client-form');
  await expect(edit.locator('input[name="company"]')).toHaveValue('Playwright Probe Ltd');
  await edit.locator('input[name="company"]').fill('');
  await edit.locator('input[name="first_name"]').fill('');
  await edit.locator('input[name="last_name"]').fill('');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.locator('.field-error[data-field="company"]')).toBeVisible();
  await expect(edit.locator('.field-error[data-field="first_name"]')).toBeVisible();
  // Nothing was saved.
  const stored = await (await page.request.get(`/staff/clients?q=${id}`)).text();
  expect(stored).toContain('Playwright Probe Ltd');
  await edit.locator('input[name="company"]').fill('Playwright Probe Renamed');
  await edit.locator('input[name="first_name"]').fill('Pia');
  await edit.locator('input[name="last_name"]').fill('Wright');
  await edit.locator('input[name="tax_exempt"]').check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator(`.client-card[data-id="${id}"] h2`)).toHaveText('Playwright Probe Renamed');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the filter form is a plain GET form rendered by the server', async ({ page }) => {
    await page.goto('/staff/clients');
    const all = await total(page);
    await page.locator('aside.filters input[name="status"][value="suspended"]').check();
    await page.locator('aside.filters select[name="has_services"]').selectOption('yes');
    await page.locator('aside.filters').getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=suspended/);
    await expect(page).toHaveURL(/has_services=yes/);
    expect(await total(page)).toBeLessThan(all);
    for (const text of await page.locator('.client-card .badge').allTextContents()) expect(text).toBe('Suspended');
    await expect(page.locator('.chips .chip:not(.clear)')).toHaveCount(2);
  });
});

test('pages hydrate without console errors', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  for (const url of [
    '/staff/clients?view=list&status=active&sort=country&dir=desc&per_page=12&page=2',
    '/staff/clients?group=1&has_instances=yes&q=a',
    '/staff/clients/new',
    '/staff/clients/1/edit',
    '/staff/billing/invoices?status=paid',
  ]) {
    await page.goto(url);
    await hydrated(page);
  }
  // A lazy page, past one refresh of its header (every 2 s): hydration has ended, so reading
  // the header then is an ordinary read, not a hydration-time one (which leptos warns about).
  await page.goto('/staff/clients/1/overview');
  await hydrated(page);
  await page.waitForTimeout(2500);
  expect(problems).toEqual([]);
});
