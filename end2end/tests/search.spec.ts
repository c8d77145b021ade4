import { test, expect, Page } from '@playwright/test';
import { hydrated } from './support';

// The dashboard search finds a client by an identifier and says which one matched, against
// the demo data: an instance's IP and an invoice number.

// (Local: detail.spec.ts's `findClient` walks client tabs instead, not resource pages.)
/** The first of `kind`'s detail pages (by id) that has a client: the client's id and the page. */
async function firstWithClient(page: Page, path: string): Promise<number> {
  for (let id = 1; id < 60; id++) {
    const res = await page.goto(`${path}/${id}`);
    const link = page.locator('.crumbs a[href^="/staff/clients/"]');
    if (res?.status() === 200 && (await link.count()) > 0) {
      return Number((await link.first().getAttribute('href'))!.match(/\/staff\/clients\/(\d+)\//)![1]);
    }
  }
  throw new Error(`no ${path} with a client`);
}

test('an instance IP finds its client, whose card says it matched', async ({ page }) => {
  const client = await firstWithClient(page, '/staff/cloud/instances');
  const ip = (await page.locator('dl.facts dt:text-is("IPv4") + dd').textContent())!.trim();
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

  await page.goto(`/staff/clients?view=cards&q=${ip}`);
  const card = page.locator(`.client-card[data-id="${client}"]`);
  await expect(card.locator('.matched')).toHaveText(`Matched: instance IP ${ip}`);
  // Every card found is there by that IP (not by a name containing it).
  for (const text of await page.locator('.client-card .matched').allTextContents()) {
    expect(text).toBe(`Matched: instance IP ${ip}`);
  }
});

test('an invoice number typed in the search form finds its client in the list', async ({ page }) => {
  const client = await firstWithClient(page, '/staff/billing/invoices');
  const number = (await page.locator('h1').textContent())!.match(/INV-\d{4}-\d+/)![0];

  await page.goto('/staff/clients?view=list');
  await hydrated(page);
  const form = page.locator('aside.filters form');
  await form.locator('input[name="q"]').fill(number.toLowerCase());
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=inv-/);
  const rows = page.locator('tr.client-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-id', String(client));
  await expect(rows.first().locator('.matched')).toHaveText(`Matched: invoice ${number}`);
  await expect(page.locator('.count')).toHaveAttribute('data-total', '1');
});
