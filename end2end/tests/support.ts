import { expect, Page } from '@playwright/test';

// Helpers shared by the specs. Not a test file itself: Playwright only collects `*.spec.ts`
// (its default testMatch; playwright.config.ts does not change it).

/** Resolves once the wasm bundle has hydrated the page (the App marks <body>). */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

/** The number of matches the page reports on `.count[data-total]` (all pages, not only this one). */
export async function total(page: Page): Promise<number> {
  return Number(await page.locator('.count').getAttribute('data-total'));
}

/** Marks the window: a full page load loses the mark, client-side navigation keeps it. */
export async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as any).__noReload = true));
}

/** Asserts the mark set by `markNoReload` is still there: no full page load since. */
export async function expectNoReload(page: Page) {
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
}

/** The body rows of a staff list page (billing, support, cloud, domains). */
export const rows = (page: Page) => page.locator('table.staff-list tbody tr');

/** The dashboard selection bar's count ("3 selected"). */
export const selected = (page: Page) => page.locator('.selection-bar [data-selected]');

/** A shown amount as a number: `"-1,234.50 EUR"` -> -1234.5 (null reads as 0). */
export function money(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9.-]/g, ''));
}
