/** a small button in a table row; screen readers hear the row it acts on (`Zurückziehen: Titel`) */
export function RowButton({
  label,
  row,
  disabled,
  onClick,
}: {
  label: string;
  row: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="kern-btn kern-btn--tertiary kern-btn--x-small"
      disabled={disabled}
      onClick={onClick}
    >
      <span className="kern-label">
        {label}
        <span className="app-visually-hidden">: {row}</span>
      </span>
    </button>
  );
}
