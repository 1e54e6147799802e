import { MailCatcher } from './mail-catcher';
import { MailTransport, PermanentMailError, senderDomain } from './mail-transport';

/** nodemailer against a real SMTP server (smtp-server) started here, on a free port */
describe('MailTransport', () => {
  let catcher: MailCatcher;
  let transport: MailTransport;

  beforeAll(async () => {
    catcher = await MailCatcher.start({
      recipientRule: (address) =>
        address.startsWith('refuse') ? { code: 550, message: 'Postfach unbekannt' } : undefined,
    });
    transport = new MailTransport(catcher.url, 'Vergabestelle Landkreis Zwickau <vergabe@landkreis-zwickau.example>');
  });
  afterAll(async () => {
    transport.close();
    await catcher.close();
  });

  it('sends text and HTML with German subjects to the server, which receives them as sent', async () => {
    const sent = await transport.send({
      id: '11111111-2222-4333-8444-555555555555',
      toAddress: 'einkauf@callenberg.example',
      toName: 'Jürgen Weiß',
      subject: 'Zuschlag erteilt: Los 1 – Fahrzeuge (Größe „M“)',
      text: 'Guten Tag Jürgen Weiß,\n\nÄnderungen übernommen.\n',
      html: '<p>Änderungen übernommen.</p>',
    });
    expect(sent.messageId).toBe('<11111111-2222-4333-8444-555555555555@landkreis-zwickau.example>');
    expect(sent.response).toMatch(/^250/);
    const [mail] = catcher.mails();
    expect(mail).toMatchObject({
      envelope: { from: 'vergabe@landkreis-zwickau.example', to: ['einkauf@callenberg.example'] },
      subject: 'Zuschlag erteilt: Los 1 – Fahrzeuge (Größe „M“)',
      text: 'Guten Tag Jürgen Weiß,\n\nÄnderungen übernommen.\n',
      html: '<p>Änderungen übernommen.</p>',
      messageId: sent.messageId,
    });
    expect(mail!.from).toBe('"Vergabestelle Landkreis Zwickau" <vergabe@landkreis-zwickau.example>');
    expect(mail!.to).toBe('"Jürgen Weiß" <einkauf@callenberg.example>');
    expect(mail!.headers['x-buendel-mail-id']).toBe('11111111-2222-4333-8444-555555555555');
    expect(mail!.headers['auto-submitted']).toBe('auto-generated');
  });

  it('reports a refusal (5xx) as permanent, and an unreachable server as an error worth retrying', async () => {
    const refused = transport.send({
      id: '11111111-2222-4333-8444-555555555556',
      toAddress: 'refuse@callenberg.example',
      toName: null,
      subject: 'x',
      text: 'x',
      html: null,
    });
    await expect(refused).rejects.toBeInstanceOf(PermanentMailError);
    await expect(refused).rejects.toMatchObject({ responseCode: 550 });

    const closed = await MailCatcher.start();
    const url = closed.url;
    await closed.close();
    const nowhere = new MailTransport(url, 'noreply@buendel.local');
    try {
      const failed = nowhere.send({
        id: 'x',
        toAddress: 'a@b.example',
        toName: null,
        subject: 'x',
        text: 'x',
        html: null,
      });
      await expect(failed).rejects.toThrow(/ECONNREFUSED|connect/i);
      await expect(failed).rejects.not.toBeInstanceOf(PermanentMailError);
    } finally {
      nowhere.close();
    }
  });

  it('takes the Message-ID domain from the sender', () => {
    expect(senderDomain('Bündel <noreply@buendel.example>')).toBe('buendel.example');
    expect(senderDomain('vergabe@kreis.example')).toBe('kreis.example');
  });
});
