/**
 * What a user may switch off. A category marked `required` is sent whatever the user chose:
 * the information letters of § 134 GWB must reach every bidder.
 */
export enum MailCategory {
  /** § 134 GWB: the decision, the winner, why one's own offer lost, the earliest conclusion */
  InformationLetters = 'information-letters',
  /** a bundle opened that an open demand of one's organisation fits */
  BundleMatches = 'bundle-matches',
  /** 3 days and 1 day before a bundle's join deadline */
  DeadlineReminders = 'deadline-reminders',
  /** the offers of a tender were opened */
  OffersOpened = 'offers-opened',
  /** a lot was awarded */
  Awards = 'awards',
  /** framework agreements: 80 % of a maximum called off, the term ends in 90 days, the framework ended */
  Frameworks = 'frameworks',
  /** a supplier's evidence (certificate, LkSG or battery document) is about to expire */
  Evidence = 'evidence',
}

export interface MailCategoryInfo {
  /** German, as a person reads it in the settings */
  label: string;
  /** sent whatever the user chose (legal duty) */
  required: boolean;
}

export const MAIL_CATEGORIES: { readonly [C in MailCategory]: MailCategoryInfo } = {
  [MailCategory.InformationLetters]: {
    label: 'Informationsschreiben nach § 134 GWB (gesetzlich vorgeschrieben, nicht abbestellbar)',
    required: true,
  },
  [MailCategory.BundleMatches]: { label: 'Neue Bündel, die zu Ihren Bedarfen passen', required: false },
  [MailCategory.DeadlineReminders]: {
    label: 'Erinnerungen an die Beitrittsfrist eines Bündels (3 Tage und 1 Tag vorher)',
    required: false,
  },
  [MailCategory.OffersOpened]: { label: 'Angebote einer Ausschreibung wurden geöffnet', required: false },
  [MailCategory.Awards]: { label: 'Zuschläge', required: false },
  [MailCategory.Frameworks]: {
    label: 'Rahmenvereinbarungen: Höchstmengen fast erreicht, Laufzeitende',
    required: false,
  },
  [MailCategory.Evidence]: { label: 'Nachweise, die bald ablaufen', required: false },
};

export const ALL_MAIL_CATEGORIES = Object.values(MailCategory);

/** Whether a user with these stored preferences gets mails of this category (not named: yes). */
export function wantsMail(preferences: Record<string, boolean> | null | undefined, category: MailCategory): boolean {
  if (MAIL_CATEGORIES[category].required) return true;
  return preferences?.[category] !== false;
}
