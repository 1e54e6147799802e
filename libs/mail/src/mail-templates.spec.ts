import { ALL_MAIL_CATEGORIES, MAIL_CATEGORIES, MailCategory, wantsMail } from './mail-categories';
import { informationLetter } from '@buendel/domain';
import { euro, germanDate, germanDateTime, textBlocks } from './mail-render';
import { MAIL_TEMPLATES, renderMail } from './mail-templates';

describe('mail templates', () => {
  it('writes German dates in German time and euros the German way', () => {
    expect(germanDate('2026-12-31T23:30:00Z')).toBe('01.01.2027');
    expect(germanDateTime('2026-07-01T10:00:00Z')).toBe('01.07.2026, 12:00 Uhr');
    expect(euro(1234.5).replace(/\s/g, ' ')).toBe('1.234,50 €');
  });

  it('sends the information letter of the domain as written, in text and HTML', () => {
    const letter = informationLetter({
      tenderTitle: 'E-Fahrzeuge 2027',
      lotKey: '2',
      lotTitle: 'Ladeinfrastruktur (Wallboxen), Landkreis Zwickau',
      contractingAuthority: 'Landkreis Zwickau',
      recipientName: 'Ladepunkt GmbH',
      winnerName: 'Strom & Co. <KG>',
      won: false,
      offer: { excluded: false, exclusionReasons: [], rank: 2, totalPoints: 71.5 },
      winner: { rank: 1, totalPoints: 88 },
      departureReason: null,
      offersInLot: 3,
      earliestConclusionDate: '2026-12-14',
      standstillDays: 10,
      sentOn: '2026-12-02',
    });
    const mail = renderMail('tender.information-letter', { ...letter, link: 'http://localhost:3000/tenders/1' });
    expect(mail.category).toBe(MailCategory.InformationLetters);
    expect(mail.subject).toBe(letter.subject);
    expect(mail.text).toBe(
      `${letter.body}\n\nAusschreibung ansehen: http://localhost:3000/tenders/1\n\n-- \n` +
        'Diese Mitteilung ist gesetzlich vorgeschrieben und wird unabhängig von Ihren E-Mail-Einstellungen versandt.\n',
    );
    expect(mail.text).not.toContain('Guten Tag');
    expect(mail.text).toContain('gesetzlich vorgeschrieben');
    expect(mail.html).toContain('Strom &amp; Co. &lt;KG&gt;');
    expect(mail.html).not.toContain('<KG>');
    expect(mail.html).toContain(
      `<li>${letter.reasons[0]!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</li>`,
    );
  });

  it('reads paragraphs and lists out of a plain-text letter', () => {
    expect(textBlocks('A\nB\n\nGründe:\n- eins\n- zwei\nDanach\n\n\nEnde')).toEqual([
      'A\nB',
      'Gründe:',
      { list: ['eins', 'zwei'] },
      'Danach',
      'Ende',
    ]);
  });

  it('says in every optional mail how to switch it off, and names no one where no name is known', () => {
    const mail = renderMail('bundle.join-deadline-reminder', {
      bundleTitle: 'Papier 2027',
      coordinatorName: 'Landkreis Zwickau',
      joinDeadline: '2026-12-04T11:00:00Z',
      daysLeft: 1,
      joinedDemandTitles: [],
      matchingDemandTitles: ['Kopierpapier A4'],
      link: 'http://x/b',
    });
    expect(mail.subject).toBe('Noch 1 Tag bis zur Beitrittsfrist: Papier 2027');
    expect(mail.text).toMatch(/^Guten Tag,\n/);
    expect(mail.text).toContain('endet am 04.12.2026, 12:00 Uhr');
    expect(mail.text).toContain('Ihre Organisation nimmt noch nicht teil.');
    expect(mail.text).toContain('- Kopierpapier A4');
    expect(mail.text).toContain('abbestellen');
    // where the settings are: the page the web app has them on
    expect(mail.text).toContain('(in Bündel auf der Seite „Benachrichtigungen“); dort können Sie sie abbestellen.');
  });

  it('tells a supplier which evidence expires when, and what to do', () => {
    const mail = renderMail('evidence.expiring', {
      title: 'LkSG-Bericht 2025',
      kindLabel: 'Bericht nach § 10 LkSG',
      issuer: 'BAFA',
      number: 'BAFA-7',
      validTo: '2027-01-31',
      daysLeft: 1,
      link: 'http://x/nachweise',
    });
    expect(mail.category).toBe(MailCategory.Evidence);
    expect(mail.subject).toBe('Nachweis läuft ab am 31.01.2027: LkSG-Bericht 2025');
    expect(mail.text).toContain('gilt nur noch bis 31.01.2027, noch 1 Tag.');
    expect(mail.text).toContain('BAFA-7');
    expect(mail.text).toContain('Nachweisprofil öffnen: http://x/nachweise');
    expect(mail.text).toContain('abbestellen');
  });

  it('keeps subjects on one line', () => {
    const mail = renderMail('tender.offers-opened', {
      tenderTitle: 'Zeile 1\r\nBcc: x@y',
      openedAt: '2026-12-01T09:00:00Z',
      openedBy: [],
      lots: [{ title: 'Los 1', offers: 1 }],
      link: 'http://x',
    });
    expect(mail.subject).toBe('Angebote geöffnet: Zeile 1 Bcc: x@y');
    expect(mail.text).toContain('Los 1: 1 Angebot');
    expect(mail.text).toContain('(zum Ablauf der Angebotsfrist)');
  });

  it('has a category for every template, and only information letters cannot be switched off', () => {
    for (const template of Object.values(MAIL_TEMPLATES)) expect(ALL_MAIL_CATEGORIES).toContain(template.category);
    expect(ALL_MAIL_CATEGORIES.filter((c) => MAIL_CATEGORIES[c].required)).toEqual([MailCategory.InformationLetters]);
    expect(wantsMail({}, MailCategory.Awards)).toBe(true);
    expect(wantsMail({ awards: false }, MailCategory.Awards)).toBe(false);
    expect(wantsMail({ 'information-letters': false }, MailCategory.InformationLetters)).toBe(true);
  });
});

describe('framework mails', () => {
  it('warns at 80 % of a maximum with what is left, in German numbers', () => {
    const mail = renderMail('framework.maximum-warning', {
      frameworkTitle: 'Büropapier 2027/28',
      frameworkNumber: 'BUENDEL-1A2B3C4D-RV',
      participantName: 'Gemeinde Adorf',
      itemLabel: 'Kopierpapier',
      unitName: 'Packung',
      calledOffQuantity: 1000.5,
      maximumQuantity: 1200,
      leftQuantity: 199.5,
      link: 'http://localhost:3000/frameworks/1',
    });
    expect(mail.category).toBe(MailCategory.Frameworks);
    expect(mail.subject).toBe('80 % der Höchstmenge abgerufen: Kopierpapier (Büropapier 2027/28)');
    expect(mail.text).toContain('1.000,5 Packung');
    expect(mail.text).toContain('199,5 Packung');
    expect(mail.text).toContain('EuGH C-23/20');
  });

  it('announces the end of the term', () => {
    const mail = renderMail('framework.expiry-warning', {
      frameworkTitle: 'Büropapier 2027/28',
      frameworkNumber: 'BUENDEL-1A2B3C4D-RV',
      termTo: '2028-12-31',
      daysLeft: 90,
      link: 'http://localhost:3000/frameworks/1',
    });
    expect(mail.subject).toBe('Rahmenvereinbarung endet am 31.12.2028: Büropapier 2027/28');
    expect(mail.text).toContain('in 90 Tagen');
  });
});
