import {
  demandDateProblem,
  detectCsvDelimiter,
  excelSerialToIsoDate,
  foldHeader,
  mapDemandCsvHeader,
  parseLocaleDate,
  parseLocaleDecimal,
  readDemandCsvRecord,
  readDemandRecord,
  splitCodeList,
} from './demand-csv';

describe('detectCsvDelimiter', () => {
  it('reads the separator from the header line, ignoring quoted separators', () => {
    expect(detectCsvDelimiter('CPV;Bezeichnung;Menge;Einheit')).toBe(';');
    expect(detectCsvDelimiter('cpvCode,title,quantity')).toBe(',');
    expect(detectCsvDelimiter('"a;b;c",title,quantity')).toBe(',');
    expect(detectCsvDelimiter('cpv\ttitle\tquantity')).toBe('\t');
  });
});

describe('parseLocaleDecimal', () => {
  it.each([
    ['12', ';', '12'],
    ['12,5', ';', '12.5'],
    ['1.234,56', ';', '1234.56'],
    ['1.234', ';', '1234'],
    ['1.234', ',', '1.234'],
    ['0.25', ';', '0.25'],
    ['1 234,5', ';', '1234.5'],
    ['45.000,00 €', ';', '45000.00'],
    ['1,234,567', ',', '1234567'],
    ['1,234.5', ',', '1234.5'],
  ] as const)('%s in a "%s" file is %s', (text, delimiter, expected) => {
    expect(parseLocaleDecimal(text, delimiter)).toBe(expected);
  });

  it.each(['', 'abc', '-3', '1,2,3', '1.2.3', '12,5,', '1e5'])('refuses %p', (text) => {
    expect(parseLocaleDecimal(text, ';')).toBeUndefined();
  });
});

describe('parseLocaleDate', () => {
  it('reads ISO and German dates', () => {
    expect(parseLocaleDate('2026-03-01')).toBe('2026-03-01');
    expect(parseLocaleDate('01.03.2026')).toBe('2026-03-01');
    expect(parseLocaleDate('1.3.2026')).toBe('2026-03-01');
    expect(parseLocaleDate('2026-03-01T00:00:00Z')).toBe('2026-03-01');
  });

  it('refuses impossible and malformed dates', () => {
    for (const t of ['31.02.2026', '2026-13-01', '03/01/2026', 'morgen', '1.3.26']) {
      expect(parseLocaleDate(t)).toBeUndefined();
    }
  });
});

describe('mapDemandCsvHeader', () => {
  it('maps German and English names, keeps unknown columns aside', () => {
    const header = mapDemandCsvHeader([
      'Schlüssel',
      'CPV',
      'Bezeichnung',
      'Menge',
      'Einheit',
      'Einzelpreis (EUR)',
      'Lieferung ab',
      'Lieferung bis',
      'Lieferort (AGS)',
      'Kriterien',
      'Notiz',
    ]);
    expect(header.problems).toEqual([]);
    expect(header.fields).toEqual([
      'rowKey',
      'cpvCode',
      'title',
      'quantity',
      'unit',
      'unitPriceEur',
      'deliveryFrom',
      'deliveryTo',
      'deliveryAgs',
      'criteria',
      undefined,
    ]);
    expect(header.ignored).toEqual(['Notiz']);
    expect(header.columnOf.unitPriceEur).toBe('Einzelpreis (EUR)');
  });

  it('names every missing required column and every doubled one', () => {
    const header = mapDemandCsvHeader(['cpvCode', 'CPV', 'title']);
    const columns = header.problems.map((p) => p.column);
    expect(columns).toEqual(['CPV', 'quantity', 'unit', 'unitPriceEur', 'deliveryFrom', 'deliveryTo']);
  });

  it('folds headers', () => {
    expect(foldHeader(' Stückpreis (€) ')).toBe('stueckpreis');
  });
});

describe('readDemandCsvRecord', () => {
  const header = mapDemandCsvHeader([
    'cpv',
    'titel',
    'menge',
    'einheit',
    'einzelpreis',
    'von',
    'lieferungbis',
    'kriterien',
  ]);

  it('normalises numbers, dates, units and code lists; leaves empty cells out', () => {
    const values = readDemandCsvRecord(
      [
        '34144900-7',
        ' E-Auto ',
        '3',
        'h87',
        '41.500,00',
        '01.03.2027',
        '2027-06-30',
        'zero_emission_vehicle|TAKE_BACK',
      ],
      header,
      ';',
    );
    expect(values).toEqual({
      cpvCode: '34144900-7',
      title: 'E-Auto',
      quantity: 3,
      unit: 'H87',
      unitPriceEur: 41500,
      deliveryTo: '2027-06-30',
      criteria: ['ZERO_EMISSION_VEHICLE', 'TAKE_BACK'],
    });
  });

  it('reads units as German offices write them; an ambiguous one stays text for the validation to name', () => {
    const unitOf = (cell: string) => readDemandCsvRecord(['x', 't', '1', cell, '1', '', '', ''], header, ';').unit;
    expect(unitOf('Stück')).toBe('H87');
    expect(unitOf('Stk')).toBe('H87');
    expect(unitOf('m²')).toBe('MTK');
    expect(unitOf('Pkg.')).toBe('Pkg.');
  });

  it('keeps what it cannot read as text, for the validation to name', () => {
    const values = readDemandCsvRecord(['x', 't', 'drei', 'H87', '12', '31.02.2027', '', ''], header, ';');
    expect(values.quantity).toBe('drei');
    expect(values.deliveryTo).toBeUndefined();
  });

  it('splits code lists', () => {
    expect(splitCodeList(' a, b;c |d  e ')).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('reads criteria by their German name from the catalogue, and the status in German', () => {
    const status = mapDemandCsvHeader(['cpv', 'titel', 'kriterien', 'status']);
    const read = (criteria: string, state: string) =>
      readDemandCsvRecord(['34144900-7', 'E-Auto', criteria, state], status, ';');
    expect(read('Blauer Engel, Garantiedauer', 'offen')).toMatchObject({
      criteria: ['BLAUER_ENGEL', 'WARRANTY_YEARS'],
      status: 'open',
    });
    expect(read('blauer engel (umweltzeichen des bundes); TAKE_BACK', 'Entwurf')).toMatchObject({
      criteria: ['BLAUER_ENGEL', 'TAKE_BACK'],
      status: 'draft',
    });
    // codes separated by spaces as before; an unknown name stays for the validation to name
    expect(read('zero_emission_vehicle TAKE_BACK', 'OPEN')).toMatchObject({
      criteria: ['ZERO_EMISSION_VEHICLE', 'TAKE_BACK'],
      status: 'open',
    });
    expect(read('Grüner Knopf, EMAS', 'geplant')).toMatchObject({
      criteria: ['Grüner Knopf', 'EMAS'],
      status: 'geplant',
    });
  });
});

describe('readDemandRecord with a spreadsheet cells', () => {
  const header = mapDemandCsvHeader([
    'CPV',
    'Titel',
    'Menge',
    'Einheit',
    'Einzelpreis',
    'Lieferung ab',
    'Lieferung bis',
    'AGS',
  ]);

  it("takes Excel's numbers and dates as they are, and restores the leading zeros of codes typed as numbers", () => {
    const values = readDemandRecord(
      [3192000, 4711, 1234.5, 'Stk.', 0.1 + 0.2, new Date(Date.UTC(2027, 2, 1)), 46568, 1001000],
      header,
    );
    expect(values).toEqual({
      cpvCode: '03192000',
      title: '4711',
      quantity: 1234.5,
      unit: 'H87',
      unitPriceEur: 0.3,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-06-30',
      deliveryAgs: '01001000',
    });
  });

  it('reads text cells of a spreadsheet like CSV text, and leaves null cells out', () => {
    const values = readDemandRecord(
      ['34144900-7', 'E-Auto', '1.234,5', 'H87', null, '01.03.2027', '', undefined],
      header,
    );
    expect(values).toEqual({
      cpvCode: '34144900-7',
      title: 'E-Auto',
      quantity: 1234.5,
      unit: 'H87',
      deliveryFrom: '2027-03-01',
    });
  });
});

describe('excelSerialToIsoDate', () => {
  it('counts days as Excel does, with its phantom 29 February 1900', () => {
    expect(excelSerialToIsoDate(1)).toBe('1900-01-01');
    expect(excelSerialToIsoDate(59)).toBe('1900-02-28');
    expect(excelSerialToIsoDate(61)).toBe('1900-03-01');
    expect(excelSerialToIsoDate(46447)).toBe('2027-03-01');
    expect(excelSerialToIsoDate(46447.75)).toBe('2027-03-01');
    expect(excelSerialToIsoDate(0, true)).toBeUndefined();
    expect(excelSerialToIsoDate(-3)).toBeUndefined();
    expect(excelSerialToIsoDate(Number.NaN)).toBeUndefined();
  });
});

describe('demandDateProblem', () => {
  it('refuses years before 1900 and after 2200', () => {
    expect(demandDateProblem('0000-01-01')).toMatch(/between 1900 and 2200/);
    expect(demandDateProblem('2207-01-01')).toMatch(/between 1900 and 2200/);
    expect(demandDateProblem('2027-01-01')).toBeUndefined();
    expect(demandDateProblem('1900-01-01')).toBeUndefined();
  });
});
