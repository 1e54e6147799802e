import type { ProcurementOfficeDto } from './award.dto';

/** an organisation's contact columns (address as JSON, the contact point's name, e-mail, phone) */
export interface ContactColumns {
  address: { street?: string; postalCode?: string; city?: string; country?: string } | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
}

/** the contact point as the API shows it (a buyer's procurement office, a supplier's sales contact) */
export function toContactDto(r: ContactColumns): ProcurementOfficeDto {
  return {
    name: r.contact_name,
    email: r.contact_email,
    telephone: r.contact_phone,
    address: r.address
      ? {
          street: r.address.street ?? null,
          postalCode: r.address.postalCode ?? null,
          city: r.address.city ?? null,
          country: r.address.country ?? null,
        }
      : null,
  };
}
