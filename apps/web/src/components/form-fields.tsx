import { useId, type ReactNode } from 'react';

/** a KERN text area with its label and the API's reason */
export function TextAreaField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <p className="kern-error" id={`${id}-fehler`} role="alert">
          <span className="kern-body">{error}</span>
        </p>
      )}
      <textarea
        id={id}
        className="kern-form-input__textarea"
        rows={3}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-fehler` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** a KERN fieldset of checkboxes with its legend, hint and the API's reason */
export function CheckboxGroup({
  legend,
  hint,
  error,
  children,
}: {
  legend: string;
  hint: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset
      className={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      aria-describedby={`${id}-hinweis${error ? ` ${id}-fehler` : ''}`}
    >
      <legend className="kern-label">{legend}</legend>
      <div className="kern-hint" id={`${id}-hinweis`}>
        {hint}
      </div>
      {error && (
        <p className="kern-error" id={`${id}-fehler`} role="alert">
          <span className="kern-body">{error}</span>
        </p>
      )}
      <div className="kern-fieldset__body">{children}</div>
    </fieldset>
  );
}

/** a KERN checkbox with its label */
export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: () => void }) {
  const id = useId();
  return (
    <div className="kern-form-check">
      <input id={id} type="checkbox" className="kern-form-check__checkbox" checked={checked} onChange={onChange} />
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}
