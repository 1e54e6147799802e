import { useId, useState } from 'react';
import { useDistrictSearch } from '../api/market';

/**
 * A district (Landkreis or kreisfreie Stadt) by name as the user types, or its five-digit key:
 * the choice sets the key (`onChange(undefined)` when the field is emptied).
 */
export function DistrictField({
  label,
  value,
  onChange,
  error,
  hint = 'Namen eingeben (z. B. „Zwickau“) und einen Treffer wählen, oder den Kreisschlüssel; leer: alle',
}: {
  label: string;
  value: string | undefined;
  onChange: (districtKey: string | undefined) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value ?? '');
  const results = useDistrictSearch(/^\d+$/.test(text.trim()) ? '' : text);
  const options = (results.data ?? []).filter((o) => o.districtKey).slice(0, 10);
  const errorId = `${id}-fehler`;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      <div className="kern-hint" id={`${id}-hinweis`}>
        {hint}
      </div>
      {error && (
        <p className="kern-error" id={errorId} role="alert">
          <span className="kern-body">{error}</span>
        </p>
      )}
      <input
        id={id}
        className="kern-form-input__input"
        list={`${id}-treffer`}
        value={text}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hinweis${error ? ` ${errorId}` : ''}`}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const key = /^(\d{5})\b/.exec(next.trim())?.[1];
          if (key) onChange(key);
          else if (next.trim() === '') onChange(undefined);
        }}
      />
      <datalist id={`${id}-treffer`}>
        {options.map((o) => (
          <option key={o.id} value={`${o.districtKey} ${o.name}`} />
        ))}
      </datalist>
    </div>
  );
}
