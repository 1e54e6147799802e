import { promises as fs } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** a mail as the catcher received it, parsed */
export interface CaughtMail {
  /** 1, 2, 3, … in the order received */
  seq: number;
  receivedAt: string;
  /** the SMTP envelope: who the client sent it to (Bcc included) */
  envelope: { from: string | null; to: string[] };
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  headers: Record<string, string>;
}

/** what the catcher answers a recipient: nothing (accept) or an SMTP refusal */
export type RecipientRule = (address: string, attempt: number) => { code: number; message: string } | undefined;

export interface MailCatcherOptions {
  host?: string;
  /** 0: any free port */
  port?: number;
  /** also write each mail as `<seq>.json` into this directory (read by other processes) */
  dir?: string;
  /** refuse some recipients (tests of retries and refusals) */
  recipientRule?: RecipientRule;
  /** keep at most this many mails in memory (the oldest go first) */
  keep?: number;
}

/**
 * A local SMTP server that accepts every mail and keeps it (smtp-server from the Nodemailer
 * project, mails parsed with its mailparser): `npm start` runs one when no SMTP_URL is set and
 * shows its mails on a page, and the tests send to one and read what arrived. Any login is
 * accepted; no TLS (it listens on the loopback interface).
 */
export class MailCatcher {
  private readonly caught: CaughtMail[] = [];
  private readonly attempts = new Map<string, number>();
  private readonly listeners = new Set<(mail: CaughtMail) => void>();
  private seq = 0;

  private readonly server: SMTPServer;
  private host = '127.0.0.1';
  private port = 0;

  private constructor(private readonly options: MailCatcherOptions) {
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      size: 20 * 1024 * 1024,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'user' }),
      onRcptTo: (address, _session, callback) => {
        const refusal = this.ruleFor(address.address);
        if (!refusal) return callback();
        return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (e) => callback(e));
        stream.on('end', () => {
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          };
          this.receive(Buffer.concat(chunks), envelope).then(
            () => callback(),
            (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
          );
        });
      },
    });
    this.server.on('error', () => undefined); // a client that drops the connection is its own problem
  }

  static async start(options: MailCatcherOptions = {}): Promise<MailCatcher> {
    if (options.dir) await fs.mkdir(options.dir, { recursive: true });
    const catcher = new MailCatcher(options);
    await catcher.listen(options.host ?? '127.0.0.1', options.port ?? 0);
    return catcher;
  }

  private listen(host: string, port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.server.address();
        this.host = host;
        this.port = typeof address === 'object' && address ? address.port : port;
        resolve();
      });
    });
  }

  /** the SMTP_URL that reaches this catcher */
  get url(): string {
    return `smtp://${this.host}:${this.port}`;
  }

  /** the mails received, oldest first */
  mails(): CaughtMail[] {
    return [...this.caught];
  }

  /** calls back for every mail received from now on; returns the unsubscribe */
  onMail(listener: (mail: CaughtMail) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private ruleFor(address: string): { code: number; message: string } | undefined {
    const key = address.toLowerCase();
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    return this.options.recipientRule?.(key, attempt);
  }

  private async receive(raw: Buffer, envelope: CaughtMail['envelope']): Promise<void> {
    const parsed = await simpleParser(raw);
    const headers: Record<string, string> = {};
    for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
    const addressText = (a: unknown): string =>
      Array.isArray(a) ? a.map((x: { text: string }) => x.text).join(', ') : ((a as { text?: string })?.text ?? '');
    const mail: CaughtMail = {
      seq: ++this.seq,
      receivedAt: new Date().toISOString(),
      envelope,
      from: addressText(parsed.from),
      to: addressText(parsed.to),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
      messageId: parsed.messageId ?? null,
      headers,
    };
    this.caught.push(mail);
    const keep = this.options.keep ?? 1000;
    if (this.caught.length > keep) this.caught.splice(0, this.caught.length - keep);
    if (this.options.dir) {
      const file = path.join(this.options.dir, `${String(mail.seq).padStart(6, '0')}.json`);
      await fs.writeFile(`${file}.tmp`, JSON.stringify(mail));
      await fs.rename(`${file}.tmp`, file);
    }
    for (const listener of this.listeners) listener(mail);
  }
}
