import { Page } from 'playwright-core';
import { DEMO, WebApp, expectAccessible, startWebApp } from './support/web-app';

/** which element has the focus: its role-ish tag and its accessible text */
async function focused(page: Page): Promise<string> {
  // runs in the page (a string, since the tests compile without the DOM's types)
  return page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el) return '';
    const label = el.id ? document.querySelector('label[for="' + el.id + '"]')?.textContent : undefined;
    return el.tagName.toLowerCase() + ':' + (label ?? el.textContent ?? '').trim();
  })()`);
}

async function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate<string | undefined>('document.activeElement?.id');
}

/** Sign-in and navigation with the keyboard alone: no mouse, every step by Tab and Enter. */
describe('keyboard only', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('signs in, skips to the content, follows the navigation and signs out by keyboard', async () => {
    const page = await (await web.newContext()).newPage();
    await page.goto('/');
    await page.waitForURL('**/anmelden');
    await page.getByLabel('E-Mail-Adresse').waitFor();

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:E-Mail-Adresse');
    await page.keyboard.type(DEMO.buyer);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:Passwort');
    await page.keyboard.type(DEMO.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Willkommen bei Bündel' }).waitFor();

    // the first stop is the skip link, which moves the focus to the page's content
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Zum Inhalt springen');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('inhalt');

    // through the header to the navigation's "Bündel" link, and follow it
    await page.keyboard.press('Shift+Tab'); // back before the content: the last header control
    let steps = 0;
    while ((await focused(page)) !== 'a:Bündel' && steps++ < 20) await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('a:Bündel');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/buendel');
    // the new page's content has the focus, so a screen reader starts there (the shell moves it
    // once React has rendered the new route, a moment after the address changed)
    await page
      .waitForFunction("document.activeElement?.id === 'inhalt'", undefined, { timeout: 5_000 })
      .catch(() => undefined);
    expect(await focusedId(page)).toBe('inhalt');
    await expectAccessible(page);

    // sign out: Tab from the top to the "Abmelden" button
    await page.keyboard.press('Shift+Tab');
    steps = 0;
    while ((await focused(page)) !== 'button:Abmelden' && steps++ < 20) await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('button:Abmelden');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/anmelden');
  });
});
