import { MAIL_CATEGORIES, MailCategory } from './mail-categories';
import {
  euro,
  germanDate,
  germanDateTime,
  MailBlock,
  renderHtml,
  RenderedMail,
  renderText,
  textBlocks,
} from './mail-render';

/**
 * Every mail Bündel writes, with its parameters. Subject and body are German and written from
 * the parameters when the mail is queued; the row keeps both. A new mail: its parameters here,
 * its template in MAIL_TEMPLATES below, a test in mail-templates.spec.ts.
 */
export interface MailTemplateParams {
  /** to the users of an organisation whose open demands fit a bundle that just opened */
  'bundle.matching-opened': {
    bundleTitle: string;
    coordinatorName: string;
    joinDeadline: string;
    /** the organisation's open demands that fit */
    demandTitles: string[];
    link: string;
  };
  /** 3 days and 1 day before the join deadline, to organisations that joined or could join */
  'bundle.join-deadline-reminder': {
    bundleTitle: string;
    coordinatorName: string;
    joinDeadline: string;
    /** whole days left, as the reminder was planned (3 or 1) */
    daysLeft: number;
    /** the organisation's demands in the bundle (empty: it has not joined yet) */
    joinedDemandTitles: string[];
    /** its open demands that fit and have not joined */
    matchingDemandTitles: string[];
    link: string;
  };
  /** the offers of a tender were opened (by the coordinator, or at the deadline for national tenders) */
  'tender.offers-opened': {
    tenderTitle: string;
    openedAt: string;
    /** who opened (and confirmed), by name; empty when the deadline job opened them */
    openedBy: string[];
    /** per lot the number of offers; null for a bidder, who reads only that its offer is there */
    lots: Array<{ title: string; offers: number | null }>;
    link: string;
  };
  /** a lot was awarded: to the participating organisations (their share) and to the winner */
  'tender.lot-awarded': {
    tenderTitle: string;
    lotTitle: string;
    supplierName: string;
    decidedAt: string;
    /** the recipient's organisation's share of the lot, net EUR (participants only) */
    shareValueEur: number | null;
    /** the winner itself reads that its offer won */
    toWinner: boolean;
    link: string;
  };
  /**
   * § 134 GWB: to every bidder of a lot after the award decision. The letter is written by the
   * domain (`informationLetter` of @buendel/domain: subject and a complete body with salutation
   * and signature), and goes out as written.
   */
  'tender.information-letter': {
    subject: string;
    body: string;
    link?: string;
  };
  /** framework agreement: a participant's call-offs of an item reached 80 % of its maximum (coordinator and buyer) */
  'framework.maximum-warning': {
    frameworkTitle: string;
    frameworkNumber: string;
    participantName: string;
    itemLabel: string;
    unitName: string;
    calledOffQuantity: number;
    maximumQuantity: number;
    leftQuantity: number;
    link: string;
  };
  /** framework agreement: its term ends in 90 days or less (coordinator and participants) */
  'framework.expiry-warning': {
    frameworkTitle: string;
    frameworkNumber: string;
    termTo: string;
    daysLeft: number;
    link: string;
  };
  /** a supplier's evidence is about to expire (its users, once per piece) */
  'evidence.expiring': {
    title: string;
    kindLabel: string;
    issuer: string;
    number: string;
    /** the last valid day, YYYY-MM-DD */
    validTo: string;
    daysLeft: number;
    link: string;
  };
}

export type MailTemplateName = keyof MailTemplateParams;

interface MailTemplate<P> {
  category: MailCategory;
  /** the body is a complete letter (its own salutation and signature): no greeting or signature added */
  complete?: boolean;
  /** the text part exactly as written (the HTML part still comes from the blocks); the footer is added */
  verbatimText?(p: P): string;
  subject(p: P): string;
  body(p: P): MailBlock[];
}

function germanNumber(value: number): string {
  return value.toLocaleString('de-DE', { maximumFractionDigits: 3 });
}

function list(items: string[], empty: string): MailBlock {
  return items.length ? { list: items } : empty;
}

export const MAIL_TEMPLATES: { readonly [N in MailTemplateName]: MailTemplate<MailTemplateParams[N]> } = {
  'bundle.matching-opened': {
    category: MailCategory.BundleMatches,
    subject: (p) => `Neues Bündel passt zu Ihren Bedarfen: ${p.bundleTitle}`,
    body: (p) => [
      `${p.coordinatorName} hat das Bündel „${p.bundleTitle}“ eröffnet. Diese offenen Bedarfe Ihrer Organisation passen dazu:`,
      { list: p.demandTitles },
      `Sie können bis ${germanDateTime(p.joinDeadline)} beitreten; danach ist die Teilnahme verbindlich.`,
      { link: p.link, text: 'Bündel ansehen' },
    ],
  },
  'bundle.join-deadline-reminder': {
    category: MailCategory.DeadlineReminders,
    subject: (p) =>
      `${p.daysLeft === 1 ? 'Noch 1 Tag' : `Noch ${p.daysLeft} Tage`} bis zur Beitrittsfrist: ${p.bundleTitle}`,
    body: (p) => [
      `Die Beitrittsfrist des Bündels „${p.bundleTitle}“ (${p.coordinatorName}) endet am ${germanDateTime(p.joinDeadline)}. ` +
        'Danach wird das Bündel geschlossen, und die Teilnahmen sind verbindlich.',
      ...(p.joinedDemandTitles.length
        ? ['Ihre Organisation nimmt mit diesen Bedarfen teil:', { list: p.joinedDemandTitles }]
        : ['Ihre Organisation nimmt noch nicht teil.']),
      ...(p.matchingDemandTitles.length
        ? ['Diese offenen Bedarfe passen noch dazu:', { list: p.matchingDemandTitles }]
        : []),
      { link: p.link, text: 'Bündel ansehen' },
    ],
  },
  'tender.offers-opened': {
    category: MailCategory.OffersOpened,
    subject: (p) => `Angebote geöffnet: ${p.tenderTitle}`,
    body: (p) => [
      `Die Angebote der Ausschreibung „${p.tenderTitle}“ wurden am ${germanDateTime(p.openedAt)} geöffnet` +
        (p.openedBy.length ? ` (${p.openedBy.join(' und ')}).` : ' (zum Ablauf der Angebotsfrist).'),
      list(
        p.lots.map(
          (l) =>
            `${l.title}: ${l.offers === null ? 'Ihr Angebot liegt vor und wird geprüft' : l.offers === 1 ? '1 Angebot' : `${l.offers} Angebote`}`,
        ),
        'Es ist kein Angebot eingegangen.',
      ),
      { link: p.link, text: 'Ausschreibung ansehen' },
    ],
  },
  'tender.lot-awarded': {
    category: MailCategory.Awards,
    subject: (p) => `Zuschlag erteilt: ${p.lotTitle} (${p.tenderTitle})`,
    body: (p) => [
      p.toWinner
        ? `Ihr Angebot für „${p.lotTitle}“ der Ausschreibung „${p.tenderTitle}“ erhält den Zuschlag (Entscheidung vom ${germanDate(p.decidedAt)}).`
        : `Für „${p.lotTitle}“ der Ausschreibung „${p.tenderTitle}“ wurde am ${germanDate(p.decidedAt)} der Zuschlag an ${p.supplierName} erteilt.`,
      ...(p.shareValueEur !== null
        ? [{ facts: [['Anteil Ihrer Organisation (netto)', euro(p.shareValueEur)]] } as MailBlock]
        : []),
      'Der Vertrag wird erst nach Ablauf der Wartefrist (§ 134 GWB) geschlossen.',
      { link: p.link, text: 'Ausschreibung ansehen' },
    ],
  },
  'framework.maximum-warning': {
    category: MailCategory.Frameworks,
    subject: (p) => `80 % der Höchstmenge abgerufen: ${p.itemLabel} (${p.frameworkTitle})`,
    body: (p) => [
      `${p.participantName} hat aus der Rahmenvereinbarung „${p.frameworkTitle}“ (${p.frameworkNumber}) ` +
        `mindestens 80 % seiner Höchstmenge von „${p.itemLabel}“ abgerufen.`,
      {
        facts: [
          ['Abgerufen', `${germanNumber(p.calledOffQuantity)} ${p.unitName}`],
          ['Höchstmenge', `${germanNumber(p.maximumQuantity)} ${p.unitName}`],
          ['Noch abrufbar', `${germanNumber(p.leftQuantity)} ${p.unitName}`],
        ],
      },
      'Über die Höchstmenge hinaus kann nicht abgerufen werden (EuGH C-23/20); planen Sie den Folgebedarf rechtzeitig.',
      { link: p.link, text: 'Rahmenvereinbarung ansehen' },
    ],
  },
  'framework.expiry-warning': {
    category: MailCategory.Frameworks,
    subject: (p) => `Rahmenvereinbarung endet am ${germanDate(p.termTo)}: ${p.frameworkTitle}`,
    body: (p) => [
      `Die Laufzeit der Rahmenvereinbarung „${p.frameworkTitle}“ (${p.frameworkNumber}) endet am ${germanDate(p.termTo)}, ` +
        `in ${p.daysLeft === 1 ? '1 Tag' : `${p.daysLeft} Tagen`}. Danach sind keine Abrufe mehr möglich.`,
      'Ein neues Bündel kann mit dem Verbrauch dieser Laufzeit als Schätzung beginnen.',
      { link: p.link, text: 'Rahmenvereinbarung ansehen' },
    ],
  },
  'evidence.expiring': {
    category: MailCategory.Evidence,
    subject: (p) => `Nachweis läuft ab am ${germanDate(p.validTo)}: ${p.title}`,
    body: (p) => [
      `Ihr Nachweis „${p.title}“ gilt nur noch bis ${germanDate(p.validTo)}, ` +
        `${p.daysLeft === 0 ? 'also heute zum letzten Mal' : p.daysLeft === 1 ? 'noch 1 Tag' : `noch ${p.daysLeft} Tage`}.`,
      {
        facts: [
          ['Art', p.kindLabel],
          ['Aussteller', p.issuer],
          ['Nummer', p.number],
          ['Gültig bis', germanDate(p.validTo)],
        ],
      },
      'Angebote, die danach eingehen, können sich nicht mehr auf ihn stützen: abgelaufene Nachweise werden ' +
        'zurückgewiesen. Laden Sie rechtzeitig den erneuerten Nachweis in Ihr Nachweisprofil.',
      { link: p.link, text: 'Nachweisprofil öffnen' },
    ],
  },
  'tender.information-letter': {
    category: MailCategory.InformationLetters,
    complete: true,
    subject: (p) => p.subject,
    verbatimText: (p) => (p.link ? `${p.body}\n\nAusschreibung ansehen: ${p.link}` : p.body),
    body: (p) => [...textBlocks(p.body), ...(p.link ? [{ link: p.link, text: 'Ausschreibung ansehen' }] : [])],
  },
};

export function mailCategoryOf(name: MailTemplateName): MailCategory {
  return MAIL_TEMPLATES[name].category;
}

/** The mail a template writes from its parameters, for one recipient. */
export function renderMail<N extends MailTemplateName>(
  name: N,
  params: MailTemplateParams[N],
  recipientName?: string | null,
): RenderedMail & { category: MailCategory } {
  const template = MAIL_TEMPLATES[name] as MailTemplate<MailTemplateParams[N]>;
  const category = template.category;
  const info = MAIL_CATEGORIES[category];
  const footer = info.required
    ? 'Diese Mitteilung ist gesetzlich vorgeschrieben und wird unabhängig von Ihren E-Mail-Einstellungen versandt.'
    : `Sie erhalten diese E-Mail, weil „${info.label}“ in Ihren E-Mail-Einstellungen eingeschaltet ist ` +
      '(in Bündel auf der Seite „Benachrichtigungen“); dort können Sie sie abbestellen.';
  const subject = template.subject(params).replace(/[\r\n]+/g, ' ');
  const blocks = template.body(params);
  return {
    category,
    subject,
    text: template.verbatimText
      ? `${template.verbatimText(params).trimEnd()}\n\n-- \n${footer}\n`
      : renderText(blocks, { recipientName, footer, complete: template.complete }),
    html: renderHtml(subject, blocks, { recipientName, footer, complete: template.complete }),
  };
}
