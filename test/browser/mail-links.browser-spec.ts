import { randomUUID } from 'node:crypto';
import { DEMO, WebApp, startWebApp } from './support/web-app';

/**
 * The links in Bündel's mails name a tender or a framework agreement by the mail's own
 * paths (`/tenders/{id}`, `/frameworks/{id}`): each opens the page of the web app where the
 * recipient's role works with it, not the app's "Seite nicht gefunden".
 */
describe('links from the mails', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it.each([
    ['coordinator', DEMO.coordinator, '/vergabe/'],
    ['buyer', DEMO.buyer, '/vertraege/'],
    ['supplier', DEMO.supplier, '/markt/ausschreibungen/'],
  ])("opens a tender's link on the %s's page of the tender", async (_role, email, page) => {
    const id = randomUUID();
    const tab = await web.signedInPage(email);
    await tab.goto(`${web.baseUrl}/tenders/${id}`);
    await tab.waitForURL((url) => url.pathname === `${page}${id}`);
    await tab.context().close();
  });

  it("opens a framework agreement's link on its page", async () => {
    const id = randomUUID();
    const tab = await web.signedInPage(DEMO.buyer);
    await tab.goto(`${web.baseUrl}/frameworks/${id}`);
    await tab.waitForURL((url) => url.pathname === `/rahmenvereinbarungen/${id}`);
    await tab.context().close();
  });
});
