import { chromium, FullConfig } from '@playwright/test';
import * as fs from 'node:fs';

// Signs in once through the real sign-in page and keeps the session for every test.
export default async function globalSetup(config: FullConfig) {
  const { baseURL } = config.projects[0].use;
  const launchOptions = config.projects[0].use.launchOptions;
  const browser = await chromium.launch(launchOptions);
  const page = await browser.newPage({ baseURL });
  await page.goto('/login');
  await page.getByLabel('Email').fill(process.env.E2E_STAFF_EMAIL!);
  await page.getByLabel('Password').fill(process.env.E2E_STAFF_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/staff/clients');
  fs.mkdirSync('.auth', { recursive: true });
  await page.context().storageState({ path: '.auth/staff.json' });
  await browser.close();
}
