/** previous and next page of a list, as buttons (the page lives in the address, `?seite=`) */
export function Pager({
  page,
  totalPages,
  onPage,
}: {
  page: number;
  totalPages: number;
  onPage: (page: number) => void;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav aria-label="Seiten" className="kern-btn-wrapper">
      <button
        type="button"
        className="kern-btn kern-btn--tertiary"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        <span className="kern-label">Vorherige Seite</span>
      </button>
      <button
        type="button"
        className="kern-btn kern-btn--tertiary"
        disabled={page >= totalPages}
        onClick={() => onPage(page + 1)}
      >
        <span className="kern-label">Nächste Seite</span>
      </button>
    </nav>
  );
}
