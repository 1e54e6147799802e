/**
 * What German municipalities buy, as the generator draws it: product families with a CPV
 * prefix (the scope of a bundle), items with a real CPV 2008 code, a UN/ECE Rec. 20 unit,
 * a typical order quantity and a typical net unit price, and the sustainability criteria a
 * buyer may ask for. Rough orders of magnitude from public procurement practice; what
 * matters for the benchmark is the mix (few large families, a long tail, skewed
 * quantities), not the exact prices.
 */

export interface Item {
  /** CPV code without the check digit; the generator looks the full code up in cpv_codes */
  stem: string;
  title: string;
  unit: string;
  /** median order quantity */
  quantity: number;
  /** median net unit price in EUR */
  price: number;
}

export interface Family {
  key: string;
  /** the CPV prefix a bundle of this family scopes (no family's prefix contains another's) */
  prefix: string;
  label: string;
  /** how often a demand falls into this family (relative) */
  weight: number;
  /** criteria a demand of the family may carry, each with its probability */
  criteria: Array<[code: string, probability: number]>;
  items: Item[];
}

const i = (stem: string, title: string, unit: string, quantity: number, price: number): Item => ({
  stem,
  title,
  unit,
  quantity,
  price,
});

export const FAMILIES: Family[] = [
  {
    key: 'office',
    prefix: '30197',
    label: 'Büromaterial und Papier',
    weight: 12,
    criteria: [
      ['BLAUER_ENGEL', 0.25],
      ['RECYCLED_CONTENT_MIN', 0.1],
    ],
    items: [
      i('30197643', 'Kopierpapier A4 80 g/m², 500 Blatt', 'RM', 200, 4.2),
      i('30197630', 'Druckpapier A3 80 g/m²', 'RM', 40, 8.9),
      i('30197210', 'Ordner A4, 8 cm Rückenbreite', 'H87', 150, 2.6),
      i('30197120', 'Kugelschreiber blau', 'H87', 300, 0.45),
      i('30197320', 'Heftgerät bis 30 Blatt', 'H87', 20, 9.5),
      i('30197330', 'Locher 2-fach', 'H87', 15, 7.9),
      i('30197220', 'Büroklammern verzinkt, 100 Stück', 'H87', 60, 0.9),
      i('30197621', 'Flipchart-Block kariert', 'H87', 25, 11.5),
      i('30197641', 'Thermopapierrollen für Kassen', 'H87', 100, 1.2),
    ],
  },
  {
    key: 'it-hardware',
    prefix: '3021',
    label: 'Computer',
    weight: 8,
    criteria: [
      ['BLAUER_ENGEL', 0.2],
      ['ENERGY_EFFICIENCY_CLASS', 0.15],
      ['SPARE_PARTS_AVAILABILITY', 0.1],
    ],
    items: [
      i('30213100', 'Notebook 14 Zoll, 16 GB RAM', 'H87', 8, 980),
      i('30213300', 'Arbeitsplatz-PC kompakt', 'H87', 10, 720),
      i('30213200', 'Tablet 11 Zoll mit Stift', 'H87', 12, 540),
      i('30216110', 'Dokumentenscanner A4 duplex', 'H87', 3, 430),
      i('30216130', 'Barcodescanner USB', 'H87', 4, 120),
    ],
  },
  {
    key: 'it-peripherals',
    prefix: '3023',
    label: 'Bildschirme und Drucker',
    weight: 6,
    criteria: [
      ['ENERGY_EFFICIENCY_CLASS', 0.25],
      ['BLAUER_ENGEL', 0.15],
    ],
    items: [
      i('30231310', 'Flachbildschirm 27 Zoll', 'H87', 10, 240),
      i('30232110', 'Laserdrucker A4 s/w', 'H87', 4, 310),
      i('30232130', 'Farblaser-Multifunktionsgerät A4', 'H87', 2, 690),
      i('30233132', 'Externe SSD 1 TB', 'H87', 6, 95),
      i('30231320', 'Interaktives Display 75 Zoll', 'H87', 2, 3400),
    ],
  },
  {
    key: 'office-furniture',
    prefix: '3913',
    label: 'Büromöbel',
    weight: 5,
    criteria: [['BLAUER_ENGEL', 0.2]],
    items: [
      i('39130000', 'Schreibtisch höhenverstellbar 160x80', 'H87', 6, 640),
      i('39132100', 'Aktenschrank abschließbar', 'H87', 4, 520),
      i('39131000', 'Büroregal 5 Fachböden', 'H87', 8, 190),
      i('39134100', 'Computertisch', 'H87', 5, 260),
    ],
  },
  {
    key: 'school-furniture',
    prefix: '3916',
    label: 'Schul- und Kitamöbel',
    weight: 3,
    criteria: [['BLAUER_ENGEL', 0.2]],
    items: [
      i('39160000', 'Schülertisch höhenverstellbar', 'H87', 30, 140),
      i('39161000', 'Kita-Stuhl Buche', 'H87', 20, 75),
      i('39162100', 'Lehrmittelsatz Naturwissenschaften', 'SET', 3, 420),
    ],
  },
  {
    key: 'cars',
    prefix: '3411',
    label: 'Personenkraftwagen',
    weight: 2.5,
    criteria: [
      ['ZERO_EMISSION_VEHICLE', 0.5],
      ['BATTERY_DUE_DILIGENCE', 0.15],
    ],
    items: [
      i('34111200', 'Pkw Kompaktklasse, elektrisch', 'H87', 1, 36000),
      i('34111100', 'Kombi für den Bauhof', 'H87', 1, 41000),
      i('34114400', 'Kleinbus 9 Sitze', 'H87', 1, 52000),
      i('34114122', 'Fahrzeug für den Patiententransport', 'H87', 1, 68000),
    ],
  },
  {
    key: 'special-vehicles',
    prefix: '3414',
    label: 'Nutz- und Einsatzfahrzeuge',
    weight: 1.5,
    criteria: [['ZERO_EMISSION_VEHICLE', 0.25]],
    items: [
      i('34144213', 'Löschgruppenfahrzeug LF 10', 'H87', 1, 420000),
      i('34144212', 'Tanklöschfahrzeug TLF 3000', 'H87', 1, 380000),
      i('34143000', 'Winterdienstfahrzeug mit Streuer', 'H87', 1, 185000),
      i('34144431', 'Kompakt-Saugkehrmaschine', 'H87', 1, 120000),
      i('34144511', 'Müllfahrzeug 3-Achser', 'H87', 1, 290000),
    ],
  },
  {
    key: 'electricity',
    prefix: '0931',
    label: 'Strom',
    weight: 3,
    criteria: [['RENEWABLE_ELECTRICITY', 0.6]],
    items: [i('09310000', 'Stromlieferung für Liegenschaften', 'KWH', 250000, 0.27)],
  },
  {
    key: 'fuel',
    prefix: '09134',
    label: 'Diesel',
    weight: 2,
    criteria: [],
    items: [
      i('09134220', 'Dieselkraftstoff EN 590', 'LTR', 18000, 1.62),
      i('09134230', 'Biodiesel für den Fuhrpark', 'LTR', 6000, 1.71),
    ],
  },
  {
    key: 'gas',
    prefix: '0912',
    label: 'Gas',
    weight: 1.5,
    criteria: [],
    items: [
      i('09123000', 'Erdgaslieferung für Heizanlagen', 'KWH', 600000, 0.11),
      i('09122110', 'Flüssiggas für Außenstellen', 'LTR', 4000, 0.85),
    ],
  },
  {
    key: 'road',
    prefix: '3492',
    label: 'Straßenausrüstung und Streusalz',
    weight: 3,
    criteria: [],
    items: [
      i('34927100', 'Auftausalz (Streusalz) lose', 'TNE', 80, 118),
      i('34922100', 'Straßenmarkierungsfarbe weiß', 'KGM', 600, 4.8),
      i('34928110', 'Schutzplanke verzinkt', 'MTR', 120, 42),
      i('34928400', 'Parkbank Stadtmobiliar', 'H87', 6, 890),
    ],
  },
  {
    key: 'lighting',
    prefix: '315',
    label: 'Lampen und Leuchten',
    weight: 4,
    criteria: [['ENERGY_EFFICIENCY_CLASS', 0.3]],
    items: [
      i('31520000', 'LED-Panel 62x62 für Büros', 'H87', 60, 78),
      i('31521100', 'LED-Schreibtischleuchte', 'H87', 25, 54),
      i('31518200', 'Notbeleuchtung LED', 'H87', 20, 130),
      i('31521320', 'Taschenlampe LED für Einsatzkräfte', 'H87', 30, 35),
    ],
  },
  {
    key: 'cleaning-agents',
    prefix: '3983',
    label: 'Reinigungsmittel',
    weight: 5,
    criteria: [['EU_ECOLABEL', 0.4]],
    items: [
      i('39831240', 'Allzweckreiniger Konzentrat', 'LTR', 240, 3.9),
      i('39831300', 'Fußbodenreiniger', 'LTR', 300, 4.4),
      i('39831600', 'Sanitärreiniger', 'LTR', 150, 4.1),
      i('39832000', 'Handgeschirrspülmittel', 'LTR', 100, 2.7),
      i('39831210', 'Maschinenspülmittel', 'KGM', 120, 6.2),
    ],
  },
  {
    key: 'hygiene-paper',
    prefix: '3376',
    label: 'Hygienepapier',
    weight: 4,
    criteria: [['BLAUER_ENGEL', 0.5]],
    items: [
      i('33761000', 'Toilettenpapier 3-lagig Recycling', 'H87', 2400, 0.42),
      i('33763000', 'Papierhandtücher Zickzack', 'H87', 1500, 0.95),
      i('33764000', 'Servietten 33x33', 'H87', 800, 0.06),
    ],
  },
  {
    key: 'workwear',
    prefix: '181',
    label: 'Arbeits- und Schutzkleidung',
    weight: 4,
    criteria: [
      ['LKSG_DUE_DILIGENCE', 0.3],
      ['ILO_CORE_LABOUR_STANDARDS', 0.2],
    ],
    items: [
      i('18110000', 'Bundhose Bauhof', 'H87', 30, 39),
      i('18114000', 'Latzhose Warnschutz', 'H87', 20, 58),
      i('18141000', 'Arbeitshandschuhe Nitril', 'PR', 300, 2.1),
      i('18143000', 'Warnschutzjacke Klasse 3', 'H87', 25, 79),
    ],
  },
  {
    key: 'fire-equipment',
    prefix: '3511',
    label: 'Feuerwehrausrüstung',
    weight: 3,
    criteria: [],
    items: [
      i('35111320', 'Feuerlöscher 6 kg ABC', 'H87', 20, 65),
      i('35111100', 'Pressluftatmer', 'H87', 4, 1900),
      i('35113400', 'Feuerwehr-Schutzjacke', 'H87', 15, 520),
      i('35112000', 'Rettungsausrüstung Satz', 'SET', 2, 2400),
    ],
  },
  {
    key: 'books',
    prefix: '2211',
    label: 'Schul- und Bibliotheksbücher',
    weight: 3,
    criteria: [],
    items: [
      i('22111000', 'Schulbuch Mathematik Klasse 5', 'H87', 120, 24),
      i('22113000', 'Medien für die Stadtbibliothek', 'H87', 80, 19),
      i('22114100', 'Wörterbuch Deutsch', 'H87', 40, 17),
    ],
  },
  {
    key: 'food',
    prefix: '158',
    label: 'Lebensmittel für Schul- und Kitaverpflegung',
    weight: 3.5,
    criteria: [['ENVIRONMENTAL_MANAGEMENT', 0.1]],
    items: [
      i('15811100', 'Brot und Brötchen', 'KGM', 900, 3.4),
      i('15831200', 'Zucker', 'KGM', 150, 1.3),
      i('15812200', 'Kuchen für Veranstaltungen', 'KGM', 60, 9.8),
      i('15821130', 'Knäckebrot', 'KGM', 50, 4.6),
    ],
  },
  {
    key: 'building-materials',
    prefix: '441',
    label: 'Baustoffe',
    weight: 3,
    criteria: [],
    items: [
      i('44111200', 'Zement CEM II 25 kg', 'TNE', 12, 160),
      i('44111800', 'Baumörtel', 'TNE', 8, 210),
      i('44111700', 'Fliesen 30x60', 'MTK', 120, 29),
      i('44112240', 'Parkett Eiche', 'MTK', 80, 54),
    ],
  },
  {
    key: 'bicycles',
    prefix: '3443',
    label: 'Fahrräder',
    weight: 1,
    criteria: [['BATTERY_DUE_DILIGENCE', 0.3]],
    items: [
      i('34431000', 'Dienstfahrrad', 'H87', 4, 900),
      i('34430000', 'Pedelec für den Außendienst', 'H87', 3, 2900),
    ],
  },
  {
    key: 'phones',
    prefix: '3225',
    label: 'Mobiltelefone',
    weight: 2.5,
    criteria: [
      ['SPARE_PARTS_AVAILABILITY', 0.2],
      ['TAKE_BACK', 0.2],
    ],
    items: [
      i('32252000', 'Diensthandy Mittelklasse', 'H87', 15, 320),
      i('32251100', 'Freisprecheinrichtung Fahrzeug', 'H87', 6, 180),
    ],
  },
  {
    key: 'playground',
    prefix: '3753',
    label: 'Spielplatzgeräte',
    weight: 1.5,
    criteria: [],
    items: [
      i('37535200', 'Spielkombination Kita', 'H87', 1, 14000),
      i('37535240', 'Rutsche Edelstahl', 'H87', 1, 4800),
      i('37535210', 'Doppelschaukel', 'H87', 1, 2900),
      i('37535270', 'Sandkasten mit Abdeckung', 'H87', 1, 1900),
    ],
  },
  {
    key: 'traffic',
    prefix: '3499',
    label: 'Verkehrszeichen und Straßenbeleuchtung',
    weight: 2,
    criteria: [['ENERGY_EFFICIENCY_CLASS', 0.2]],
    items: [
      i('34992200', 'Verkehrszeichen nach StVO', 'H87', 25, 85),
      i('34992300', 'Straßennamensschild', 'H87', 20, 60),
      i('34993000', 'LED-Straßenleuchte', 'H87', 30, 640),
      i('34996100', 'Ampelanlage mobil', 'H87', 1, 9500),
    ],
  },
  {
    key: 'cleaning-services',
    prefix: '9091',
    label: 'Gebäudereinigung',
    weight: 4,
    criteria: [['ENVIRONMENTAL_MANAGEMENT', 0.2]],
    items: [
      i('90911200', 'Unterhaltsreinigung Rathaus', 'HUR', 1500, 31),
      i('90919300', 'Reinigung von Schulen', 'HUR', 2500, 29),
      i('90911300', 'Glasreinigung', 'HUR', 120, 36),
    ],
  },
  {
    key: 'green-spaces',
    prefix: '7731',
    label: 'Grünflächenpflege',
    weight: 2.5,
    criteria: [],
    items: [
      i('77313000', 'Pflege von Parkanlagen', 'HUR', 400, 48),
      i('77312000', 'Wildkrautbeseitigung ohne Herbizide', 'HUR', 150, 44),
      i('77314100', 'Rasenansaat Sportplatz', 'MTK', 3000, 1.8),
    ],
  },
  {
    key: 'vehicle-maintenance',
    prefix: '5011',
    label: 'Fahrzeugwartung',
    weight: 2.5,
    criteria: [],
    items: [
      i('50112200', 'Wartung Dienstwagen', 'HUR', 80, 98),
      i('50114000', 'Wartung Lkw Bauhof', 'HUR', 120, 115),
      i('50112300', 'Fahrzeugwäsche', 'H87', 100, 14),
    ],
  },
  {
    key: 'training',
    prefix: '8053',
    label: 'Fortbildung',
    weight: 2,
    criteria: [],
    items: [
      i('80533100', 'EDV-Schulung für Verwaltungspersonal', 'DAY', 8, 690),
      i('80532000', 'Führungskräfteseminar', 'DAY', 4, 1150),
      i('80531100', 'Fachlehrgang Vergaberecht', 'DAY', 5, 480),
    ],
  },
  {
    key: 'medical',
    prefix: '3314',
    label: 'Sanitätsmaterial',
    weight: 2,
    criteria: [],
    items: [
      i('33141110', 'Verbandmaterial für Erste-Hilfe-Kästen', 'H87', 200, 2.4),
      i('33141310', 'Einmalspritzen 5 ml', 'H87', 500, 0.12),
      i('33141112', 'Heftpflaster Rolle', 'H87', 120, 1.6),
    ],
  },
  {
    key: 'kitchen',
    prefix: '3922',
    label: 'Küchen- und Reinigungsbedarf',
    weight: 2,
    criteria: [],
    items: [
      i('39221210', 'Teller Porzellan', 'H87', 200, 4.3),
      i('39221123', 'Trinkgläser 0,2 l', 'H87', 150, 1.9),
      i('39224100', 'Besen Innenbereich', 'H87', 30, 12),
      i('39221130', 'Lebensmittelbehälter GN 1/1', 'H87', 40, 18),
    ],
  },
];

/** units whose quantities are counts (whole numbers) */
export const COUNT_UNITS = new Set(['H87', 'SET', 'PR', 'RM', 'C62', 'DAY', 'HUR']);

/** every CPV stem the catalogue names */
export function catalogueStems(): string[] {
  return FAMILIES.flatMap((f) => f.items.map((item) => item.stem));
}

/** every unit the catalogue names */
export function catalogueUnits(): string[] {
  return [...new Set(FAMILIES.flatMap((f) => f.items.map((item) => item.unit)))];
}

/** criteria the bundles of a family impose: every criterion a demand of the family may carry */
export function familyCriteria(family: Family): string[] {
  return family.criteria.map(([code]) => code).sort();
}
