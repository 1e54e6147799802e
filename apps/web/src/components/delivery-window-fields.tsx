import { TextField } from './text-field';

/** a delivery window's two dates (`deliveryFrom`, `deliveryTo`), each with the API's reason beside it */
export function DeliveryWindowFields({
  from,
  to,
  onChange,
  errors,
}: {
  from: string;
  to: string;
  onChange: (field: 'deliveryFrom' | 'deliveryTo', value: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      <TextField
        label="Lieferung ab"
        type="date"
        value={from}
        onChange={(e) => onChange('deliveryFrom', e.target.value)}
        error={errors['deliveryFrom']}
      />
      <TextField
        label="Lieferung bis"
        type="date"
        value={to}
        onChange={(e) => onChange('deliveryTo', e.target.value)}
        error={errors['deliveryTo']}
      />
    </>
  );
}
