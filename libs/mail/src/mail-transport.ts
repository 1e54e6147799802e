import { createTransport, Transporter } from 'nodemailer';

export interface OutgoingMail {
  id: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  text: string;
  html: string | null;
}

export interface SentMail {
  messageId: string;
  response: string;
}

/** an SMTP refusal that no retry can change (a 5xx reply: no such mailbox, relaying denied, bad login) */
export class PermanentMailError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
    this.name = 'PermanentMailError';
  }
}

/** the domain of the sender's address, for Message-IDs */
export function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'buendel.local';
}

/**
 * Nodemailer over SMTP (SMTP_URL): a small pool of connections (two at a time per worker), with
 * time limits so that a server that stops answering fails the attempt instead of hanging the job.
 * Every mail carries a Message-ID derived from its row, so that a mail sent twice (a worker that
 * died between the server's acceptance and the row's update) is recognisable as one.
 */
export class MailTransport {
  private readonly transporter: Transporter;
  private readonly domain: string;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = createTransport({
      url,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    this.domain = senderDomain(from);
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const messageId = `<${mail.id}@${this.domain}>`;
    try {
      const info = (await this.transporter.sendMail({
        from: this.from,
        to: mail.toName ? { name: mail.toName, address: mail.toAddress } : mail.toAddress,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Buendel-Mail-Id': mail.id },
      })) as { messageId?: string; response?: string; rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) {
        throw new PermanentMailError(`the SMTP server refused ${mail.toAddress}: ${info.response ?? ''}`, 550);
      }
      return { messageId: info.messageId ?? messageId, response: info.response ?? '' };
    } catch (e) {
      const code = (e as { responseCode?: unknown }).responseCode;
      if (!(e instanceof PermanentMailError) && typeof code === 'number' && code >= 500 && code < 600) {
        throw new PermanentMailError((e as Error).message, code);
      }
      throw e;
    }
  }

  close(): void {
    this.transporter.close();
  }
}
