import { formatEur } from '@buendel/domain/display';
import { useState } from 'react';
import { useChangeTender, useRenameLot, type LotSelector, type Tender, type TenderLot } from '../../api/tenders';
import { useDistrictNames } from '../../api/districts';
import { ApiError, fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { Checkbox } from '../../components/form-fields';
import { TextField } from '../../components/text-field';
import { errorsOf } from '../../lib/form-input';
import { itemName, LotItems } from './tender-parts';

const unique = <T,>(values: readonly T[]) => [...new Set(values)];
/** the 8 digits of a CPV code (the lot selects by prefix) */
const cpv8 = (code: string) => code.slice(0, 8);
/** "Los 2: Ladegeräte, Landkreis Zwickau" → "Ladegeräte, Landkreis Zwickau" */
const baseTitle = (title: string) => title.replace(/^Los \d+:\s*/, '');

/** the selector that takes exactly the lot's items: its CPV codes in its delivery districts */
export function selectorOf(lot: TenderLot, title = lot.title): LotSelector {
  const districts = unique(lot.items.map((i) => i.districtKey));
  return {
    title,
    cpvPrefixes: unique(lot.items.map((i) => cpv8(i.cpvCode))),
    ...(districts.every((d) => d !== null) ? { districtKeys: districts as string[] } : {}),
  };
}

/** one lot per product (CPV code) of the lot */
function splitByProduct(lot: TenderLot): LotSelector[] {
  return unique(lot.items.map((i) => cpv8(i.cpvCode))).map((code) => {
    const items = lot.items.filter((i) => cpv8(i.cpvCode) === code);
    return selectorOf({ ...lot, items }, unique(items.map(itemName)).join(', ').slice(0, 200));
  });
}

/** one lot per delivery district of the lot, each titled with its district's name */
function splitByDistrict(lot: TenderLot, districtName: (key: string) => string): LotSelector[] {
  return unique(lot.items.map((i) => i.districtKey)).map((district) =>
    selectorOf(
      { ...lot, items: lot.items.filter((i) => i.districtKey === district) },
      `${baseTitle(lot.title)} – ${district ? districtName(district) : 'ohne Lieferkreis'}`.slice(0, 200),
    ),
  );
}

/** the lots taken together: all their products in all their districts */
function merge(first: TenderLot, lots: TenderLot[]): LotSelector {
  return selectorOf(
    { ...first, items: lots.flatMap((l) => l.items) },
    lots
      .map((l) => baseTitle(l.title))
      .join(' und ')
      .slice(0, 200),
  );
}

/**
 * The lots of the draft (§ 97 Abs. 4 GWB): merge several into one, split one by product or by
 * delivery district, rename one; each with its items. Every change is sent at once and the
 * API checks that each product of the bundle sits in exactly one lot (its reasons show here).
 */
export function DraftLots({ tender }: { tender: Tender }) {
  const change = useChangeTender(tender.id);
  const districtName = useDistrictNames(
    tender.lots.flatMap((l) => l.items.flatMap((i) => (i.districtKey ? [i.districtKey] : []))),
  );
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<string>();
  const errors = fieldErrors(change.error instanceof ApiError ? change.error.problem : undefined);
  const replan = (lots: LotSelector[], message: string) => {
    setDone(undefined);
    change.mutate(
      { lots },
      {
        onSuccess: () => {
          setChosen([]);
          setDone(message);
        },
      },
    );
  };
  const others = (lot: TenderLot) => tender.lots.filter((l) => l.id !== lot.id).map((l) => selectorOf(l));
  const replace = (lot: TenderLot, parts: LotSelector[]) => {
    const at = tender.lots.findIndex((l) => l.id === lot.id);
    const rest = others(lot);
    return [...rest.slice(0, at), ...parts, ...rest.slice(at)];
  };
  const mergeChosen = () => {
    const lots = tender.lots.filter((l) => chosen.includes(l.id));
    const first = tender.lots.findIndex((l) => chosen.includes(l.id));
    const rest = tender.lots.filter((l) => !chosen.includes(l.id)).map((l) => selectorOf(l));
    const [head] = lots;
    if (!head) return;
    replan([...rest.slice(0, first), merge(head, lots), ...rest.slice(first)], `${lots.length} Lose zusammengelegt.`);
  };
  return (
    <section aria-labelledby="lose-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="lose-ueberschrift">
        Lose und Positionen
      </h2>
      <p className="kern-body">
        Wählen Sie Lose zum Zusammenlegen aus, teilen Sie ein Los nach Produkt oder Lieferkreis, oder benennen Sie es
        um. Die Kriterien bleiben auf den Losen, die es weiter gibt.
      </p>
      {change.isError && (
        <Alert kind="danger" title={change.error.message}>
          {errorsOf(errors, 'lots') && <p className="kern-body">{errorsOf(errors, 'lots')}</p>}
        </Alert>
      )}
      {done && <Alert kind="success" title={done} />}
      {tender.lots.map((lot) => (
        <div key={lot.id} className="kern-stack" data-testid={`los-${lot.key}`}>
          <h3 className="kern-heading-small">
            {lot.title} ({lot.key}) · {formatEur(lot.estimatedValueEur)}
          </h3>
          <LotItems lot={lot} />
          <RenameLot tender={tender} lot={lot} />
          <div className="kern-btn-wrapper">
            {tender.lots.length > 1 && (
              <Checkbox
                label={`${lot.title} zum Zusammenlegen auswählen`}
                checked={chosen.includes(lot.id)}
                onChange={() => setChosen((c) => (c.includes(lot.id) ? c.filter((x) => x !== lot.id) : [...c, lot.id]))}
              />
            )}
            {unique(lot.items.map((i) => cpv8(i.cpvCode))).length > 1 && (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                disabled={change.isPending}
                onClick={() => replan(replace(lot, splitByProduct(lot)), `${lot.title} nach Produkt geteilt.`)}
              >
                <span className="kern-label">Nach Produkt teilen</span>
              </button>
            )}
            {unique(lot.items.map((i) => i.districtKey)).length > 1 && (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                disabled={change.isPending}
                onClick={() =>
                  replan(replace(lot, splitByDistrict(lot, districtName)), `${lot.title} nach Lieferkreis geteilt.`)
                }
              >
                <span className="kern-label">Nach Kreis teilen</span>
              </button>
            )}
          </div>
        </div>
      ))}
      {tender.lots.length > 1 && (
        <div className="kern-btn-wrapper">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            disabled={chosen.length < 2 || change.isPending}
            onClick={mergeChosen}
          >
            <span className="kern-label">Ausgewählte Lose zusammenlegen ({chosen.length})</span>
          </button>
        </div>
      )}
    </section>
  );
}

function RenameLot({ tender, lot }: { tender: Tender; lot: TenderLot }) {
  const rename = useRenameLot(tender.id);
  const [title, setTitle] = useState(lot.title);
  const errors = fieldErrors(rename.error instanceof ApiError ? rename.error.problem : undefined);
  return (
    <form
      className="kern-stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        rename.mutate({ lotId: lot.id, title: title.trim() });
      }}
    >
      <TextField
        label={`Titel von Los ${lot.key}`}
        hint={`Produkte: ${unique(lot.items.map(itemName)).join(', ')}`}
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
        error={errors['title'] ?? (rename.isError && !errors['title'] ? rename.error.message : undefined)}
      />
      <div className="kern-btn-wrapper">
        <button
          type="submit"
          className="kern-btn kern-btn--tertiary"
          disabled={rename.isPending || title.trim() === lot.title}
        >
          <span className="kern-label">Umbenennen</span>
        </button>
      </div>
    </form>
  );
}
