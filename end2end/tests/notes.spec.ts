import { test, expect } from '@playwright/test';
import { hydrated } from './support';

// Staff notes on a client: add one, pin it, see it in the header and as a pin with the
// text on hover on the dashboard card and list row, unpin it, delete it.

test('a pinned note shows on the header, the card and the row; unpin and delete', async ({ page }) => {
  await page.goto('/staff/clients?status=active&view=list&per_page=12');
  const id = await page.locator('tr.client-row').first().getAttribute('data-id');
  const text = `Call before invoicing (${Date.now()})`;

  await page.goto(`/staff/clients/${id}/overview`);
  await hydrated(page);
  const notes = page.locator('section.notes');
  await notes.getByLabel('New note').fill(text);
  await notes.getByRole('button', { name: 'Add note' }).click();
  const note = notes.locator('li.note', { hasText: text });
  await expect(note).toBeVisible();
  await expect(notes.getByLabel('New note')).toHaveValue('');

  // An empty note is refused with a message next to the field.
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(notes.locator('.field-error[data-field="body"]')).toHaveText('Write something.');

  await note.getByRole('button', { name: 'Pin' }).click();
  await expect(page.locator('.client-head .pinned-notes')).toContainText(text);
  await expect(notes.locator('li.note.pinned', { hasText: text })).toBeVisible();

  for (const view of ['cards', 'list']) {
    await page.goto(`/staff/clients?q=${id}&view=${view}`);
    await hydrated(page);
    const item = page.locator(`[data-view="${view}"] [data-id="${id}"]`);
    const pin = item.locator('.pinned-icon');
    await pin.hover();
    await expect(pin).toHaveAttribute('title', text);
    await expect(pin).toHaveAttribute('aria-label', `Pinned notes: ${text}`);
    await expect(page.getByRole('img', { name: `Pinned notes: ${text}` })).toHaveCount(1);
  }

  await page.goto(`/staff/clients/${id}/overview`);
  await hydrated(page);
  await page.locator('section.notes li.note', { hasText: text }).getByRole('button', { name: 'Unpin' }).click();
  await expect(page.locator('.client-head .pinned-notes')).toHaveCount(0);
  await page.goto(`/staff/clients?q=${id}&view=list`);
  await expect(page.locator(`tr.client-row[data-id="${id}"]`)).toBeVisible();
  await expect(page.locator(`tr.client-row[data-id="${id}"] .pinned-icon`)).toHaveCount(0);

  await page.goto(`/staff/clients/${id}/overview`);
  await hydrated(page);
  const again = page.locator('section.notes li.note', { hasText: text });
  await again.getByRole('button', { name: 'Delete' }).click();
  await again.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(page.locator('section.notes li.note', { hasText: text })).toHaveCount(0);

  await page.goto(`/staff/clients/${id}/activity`);
  for (const action of ['note.added', 'note.pinned', 'note.unpinned', 'note.deleted']) {
    await expect(page.locator(`tr[data-action="${action}"]`).first()).toBeVisible();
  }
});
