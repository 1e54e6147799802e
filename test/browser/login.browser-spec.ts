import { gzipSync } from 'node:zlib';
import { DEMO, WebApp, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/**
 * Signing in and out in the real browser: the login page, the way back to the page that was
 * asked for, the role's navigation, logout, and a session that ends elsewhere. No token ever
 * reaches the page: the session cookie is httpOnly and nothing is kept in localStorage.
 */
describe('sign-in in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('asks for a login, refuses a wrong password in German, and brings the user to the page wanted', async () => {
    const page = await (await web.newContext()).newPage();
    const errors = consoleErrors(page);
    await page.goto('/buendel');
    await page.waitForURL('**/anmelden?weiter=%2Fbuendel');
    await page.getByRole('heading', { name: 'Anmelden bei Bündel' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'anmelden');

    await page.getByLabel('E-Mail-Adresse').fill(DEMO.buyer);
    await page.getByLabel('Passwort').fill('ein-falsches-passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Anmeldung fehlgeschlagen' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'anmelden-fehler');

    await page.getByLabel('Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/buendel');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Bedarfe' }).waitFor();
    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
    // the session cookie is not readable by the page; the CSRF cookie is
    expect(await page.evaluate('document.cookie')).not.toContain('buendel_session');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'buendel_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(errors).toEqual([]);
  });

  it("keeps the first page's JavaScript at most 250 kB gzipped (issue 12)", async () => {
    // what index.html loads at once: the entry script and its module preloads, as the browser gets them
    const html = await (await fetch(`${web.baseUrl}/`)).text();
    const scripts = [
      ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
      ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const src of new Set(scripts)) {
      const res = await fetch(`${web.baseUrl}${src}`, { headers: { 'accept-encoding': 'identity' } });
      gzipped += gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
    }
    expect(gzipped).toBeLessThanOrEqual(250 * 1024);
  });

  it('shows each role its navigation, and logout ends the session', async () => {
    const expected: Array<[string, string[]]> = [
      [
        DEMO.buyer,
        [
          'Start',
          'Bedarfe',
          'Import',
          'Bündel',
          'Verträge',
          'Rahmenvereinbarungen',
          'Benachrichtigungen',
          'Stammdaten',
        ],
      ],
      [
        DEMO.coordinator,
        [
          'Start',
          'Bündel',
          'Bündel anlegen',
          'Vergaben',
          'Bedarfe',
          'Import',
          'Verträge',
          'Rahmenvereinbarungen',
          'Nachhaltigkeit',
          'Benachrichtigungen',
          'Stammdaten',
        ],
      ],
      [
        DEMO.supplier,
        [
          'Start',
          'Ausschreibungen',
          'Marktübersicht',
          'Verträge',
          'Rahmenvereinbarungen',
          'Nachweise',
          'Abonnements',
          'Benachrichtigungen',
          'Stammdaten',
        ],
      ],
    ];
    for (const [email, links] of expected) {
      const page = await web.signedInPage(email);
      await page.goto('/');
      await page.getByRole('heading', { name: 'Willkommen bei Bündel' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      // the notifications link carries the count of unread ones ("Benachrichtigungen 2 ungelesen")
      const labels = (await nav.getByRole('link').allTextContents()).map((t) => t.replace(/ \d+ ungelesen$/, ''));
      expect(labels).toEqual(links);
      await expectAccessible(page);
      await screenshot(page, `start-${email.split('@')[0]}`);

      await page.getByRole('button', { name: 'Abmelden' }).click();
      await page.waitForURL('**/anmelden');
      await page.goto('/');
      await page.waitForURL('**/anmelden');
    }
  });

  it('keeps the page content off the screen edge and in line with the header, at 1280 and 390 px', async () => {
    const page = await web.signedInPage(DEMO.buyer);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('/');
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor();
      const logo = await page.getByRole('link', { name: 'Bündel, zur Startseite' }).boundingBox();
      const content = await heading.boundingBox();
      // the main content starts where the header does, not at the window's edge
      expect(content!.x).toBeGreaterThanOrEqual(12);
      expect(Math.abs(content!.x - logo!.x)).toBeLessThanOrEqual(1);
      if (width === 1280) {
        // the logout button sits on the user's line, centred on it, not below it
        const user = (await page.getByTestId('current-user').boundingBox())!;
        const logout = (await page.getByRole('button', { name: 'Abmelden' }).boundingBox())!;
        expect(Math.abs(user.y + user.height / 2 - (logout.y + logout.height / 2))).toBeLessThanOrEqual(2);
      }
    }
    await screenshot(page, 'start-390');
  });

  it('sends the user to the login page, and back afterwards, when the session ended elsewhere', async () => {
    const page = await web.signedInPage(DEMO.coordinator);
    await page.goto('/bedarfe?seite=2');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    // the session ends outside this page (as at expiry, or a logout in another tab)
    const csrf = (await page.context().cookies()).find((c) => c.name === 'buendel_csrf')!.value;
    const out = await page.context().request.delete('/api/v1/auth/session', { headers: { 'x-csrf-token': csrf } });
    expect(out.status()).toBe(204);
    await page.reload();
    await page.waitForURL('**/anmelden?weiter=%2Fbedarfe%3Fseite%3D2');
    await page.getByLabel('E-Mail-Adresse').fill(DEMO.coordinator);
    await page.getByLabel('Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/bedarfe' && url.search === '?seite=2');
  });
});
