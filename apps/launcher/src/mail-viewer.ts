import http from 'node:http';
import { CaughtMail, MailCatcher } from '@buendel/mail';

/** the port the viewer tries first (maildev's), and any free one if that is taken */
export const MAIL_VIEWER_PORT = 1080;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const received = (iso: string) =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Berlin' }).format(
    new Date(iso),
  );

function page(title: string, body: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top}pre{white-space:pre-wrap;
background:#f6f6f6;padding:1em}a{color:#0645ad}.muted{color:#666}</style></head><body>${body}</body></html>`;
}

function listPage(mails: CaughtMail[], smtpUrl: string): string {
  const rows = mails
    .slice()
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escape(received(m.receivedAt))}</td><td>${escape(m.envelope.to.join(', '))}</td>` +
        `<td><a href="/mails/${m.seq}">${escape(m.subject || '(kein Betreff)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Abgefangene E-Mails – Bündel',
    `<h1>Abgefangene E-Mails</h1>
<p class="muted">Ohne <code>SMTP_URL</code> verschickt <code>npm start</code> keine E-Mails, sondern fängt sie hier ab
(SMTP-Server <code>${escape(smtpUrl)}</code>). Neueste zuerst; die Seite lädt alle 5 Sekunden neu.</p>
${mails.length ? `<table><tr><th>Empfangen</th><th>An</th><th>Betreff</th></tr>${rows}</table>` : '<p>Noch keine E-Mails.</p>'}
<script>setTimeout(()=>location.reload(),5000)</script>`,
  );
}

function mailPage(m: CaughtMail): string {
  return page(
    `${m.subject} – Bündel`,
    `<p><a href="/">← alle E-Mails</a></p><h1>${escape(m.subject || '(kein Betreff)')}</h1>
<table><tr><th>Von</th><td>${escape(m.from)}</td></tr><tr><th>An</th><td>${escape(m.to)}</td></tr>
<tr><th>Empfänger (SMTP)</th><td>${escape(m.envelope.to.join(', '))}</td></tr>
<tr><th>Empfangen</th><td>${escape(received(m.receivedAt))}</td></tr>
<tr><th>Message-ID</th><td>${escape(m.messageId ?? '–')}</td></tr></table>
${m.html ? `<p><a href="/mails/${m.seq}.html">HTML-Fassung ansehen</a></p>` : ''}<pre>${escape(m.text)}</pre>`,
  );
}

/**
 * A small local page that lists the mails the launcher's SMTP catcher caught (`/`), shows one
 * (`/mails/N`, its HTML part at `/mails/N.html`, sandboxed), and gives them as JSON (`/api/mails`).
 * It listens on the loopback interface only.
 */
export async function startMailViewer(
  catcher: MailCatcher,
  port = MAIL_VIEWER_PORT,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'text/plain', 'Nur GET.');
    const mails = catcher.mails();
    if (url.pathname === '/') return send(200, 'text/html', listPage(mails, catcher.url));
    if (url.pathname === '/api/mails')
      return send(200, 'application/json', JSON.stringify({ items: mails.slice().reverse() }));
    const one = /^\/mails\/(\d+)(\.html)?$/.exec(url.pathname);
    const mail = one ? mails.find((m) => m.seq === Number(one[1])) : undefined;
    if (!mail)
      return send(
        404,
        'text/html',
        page('Nicht gefunden', '<p>Diese E-Mail gibt es nicht (mehr). <a href="/">Alle E-Mails</a></p>'),
      );
    if (one?.[2]) {
      if (!mail.html) return send(404, 'text/plain', 'Diese E-Mail hat keine HTML-Fassung.');
      return send(200, 'text/html', mail.html, {
        'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      });
    }
    return send(200, 'text/html', mailPage(mail));
  });
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  let bound: number;
  try {
    bound = await listen(port);
  } catch {
    bound = await listen(0); // the usual port is taken: any free one
  }
  return {
    url: `http://localhost:${bound}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
