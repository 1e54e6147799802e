import { districtDisplayName, municipalityDisplayName } from './public-body-names';

describe('public bodies named as they name themselves', () => {
  it.each([
    ['Zwickau, Stadt', 'Große Kreisstadt', 'Stadt Zwickau'],
    ['Callenberg', 'Kreisangehörige Gemeinde', 'Gemeinde Callenberg'],
    ['Glauchau, Stadt', 'Stadt', 'Stadt Glauchau'],
    ['Abenberg, St', 'Stadt', 'Stadt Abenberg'],
    ['Eichenbühl, M', 'Markt', 'Markt Eichenbühl'],
    ['Kiel, Landeshauptstadt', 'Kreisfreie Stadt', 'Landeshauptstadt Kiel'],
    ['Chemnitz, Stadt', 'Kreisfreie Stadt', 'Stadt Chemnitz'],
    ['Korbach, Hansestadt, Kreisstadt', 'Stadt', 'Hansestadt Korbach'],
    ['Erkrath, Fundort des Neanderthalers, Stadt', 'Stadt', 'Stadt Erkrath'],
    ['Gelnhausen, Barbarossast., Krst.', 'Stadt', 'Barbarossastadt Gelnhausen'],
    ['Bispingen, Flecken', 'Kreisangehörige Gemeinde', 'Flecken Bispingen'],
    ['Binz, Ostseebad', 'Kreisangehörige Gemeinde', 'Gemeinde Binz'],
    ['Berlin', 'Kreisfreie Stadt', 'Land Berlin'],
    // as de-municipalities.csv writes it
    ['Berlin, Stadt', 'Kreisfreie Stadt', 'Land Berlin'],
  ])('municipality %s (%s) is %s', (name, type, expected) => {
    expect(municipalityDisplayName(name, type)).toBe(expected);
  });

  it.each([
    ['Zwickau', 'Landkreis', 'Landkreis Zwickau'],
    ['Nordfriesland', 'Kreis', 'Kreis Nordfriesland'],
    ['Rhein-Sieg-Kreis', 'Kreis', 'Rhein-Sieg-Kreis'],
    ['Hochsauerlandkreis', 'Kreis', 'Hochsauerlandkreis'],
    ['Märkischer Kreis', 'Kreis', 'Märkischer Kreis'],
    ['Region Hannover', 'Landkreis', 'Region Hannover'],
    ['Städteregion Aachen', 'Kreis', 'Städteregion Aachen'],
    ['Regionalverband Saarbrücken', 'Regionalverband', 'Regionalverband Saarbrücken'],
  ])('district %s (%s) is %s', (name, type, expected) => {
    expect(districtDisplayName(name, type)).toBe(expected);
  });
});
