import { Navigate, useParams } from 'react-router';
import { useMe, type Role } from '../auth/session';

/** where each role works with a tender (the mails link `/tenders/{id}` whoever reads them) */
const TENDER_PAGE: Record<Role, string> = {
  coordinator: '/vergabe/',
  buyer: '/vertraege/',
  supplier: '/markt/ausschreibungen/',
  admin: '/vergabe/',
};

/** `/tenders/{id}` of a mail: the signed-in user's page of that tender */
export function TenderLinkPage() {
  const { id = '' } = useParams();
  const me = useMe();
  if (!me.data) return null;
  return <Navigate replace to={`${TENDER_PAGE[me.data.role]}${id}`} />;
}

/** `/frameworks/{id}` of a mail: the framework agreement's page */
export function FrameworkLinkPage() {
  const { id = '' } = useParams();
  return <Navigate replace to={`/rahmenvereinbarungen/${id}`} />;
}
