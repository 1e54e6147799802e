/** a list's status filter: "alle" or one status, each shown by its German label */
export function StatusFilter<S extends string>({
  id,
  statuses,
  label,
  value,
  onChange,
}: {
  id: string;
  statuses: readonly S[];
  label: (status: S) => string;
  value: S | undefined;
  onChange: (status: string | undefined) => void;
}) {
  return (
    <div className="kern-form-input">
      <label className="kern-label" htmlFor={id}>
        Status
      </label>
      <select
        id={id}
        className="kern-form-input__select"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">alle</option>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {label(s)}
          </option>
        ))}
      </select>
    </div>
  );
}
