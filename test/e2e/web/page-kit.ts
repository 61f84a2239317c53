import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where every browser test saves its screenshots (kept by CI as artifacts). */
export const SCREENSHOTS = join(__dirname, '../../../test-artifacts/screenshots');
/** How long a browser test waits for the dashboard to show something. */
export const UI_TIMEOUT = 15_000;

/**
 * The helpers every browser test uses, bound to the dashboard's address (read when called, since the Next server starts
 * in beforeAll): `shot` saves `<name>.png`; `diagnosed` runs a test body and on failure saves `failed-<name>.png` and
 * adds the page's visible text to the error; `signIn` signs in through the sign-in page and waits for the main
 * navigation.
 */
export function pageKit(webUrl: () => string) {
  const shot = (p: Page, name: string) => p.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const diagnosed = async (p: () => Page, name: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (err) {
      const current = p();
      await shot(current, `failed-${name}`).catch(() => undefined);
      const text = await current.locator('body').innerText({ timeout: 2_000 }).catch(() => '(no page text)');
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- page ${current.url()} ---\n${text.slice(0, 3_000)}`, { cause: err });
    }
  };
  const signIn = async (p: Page, email: string, password: string) => {
    await p.goto(`${webUrl()}/`);
    await p.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT });
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: UI_TIMEOUT });
  };
  return { shot, diagnosed, signIn };
}
