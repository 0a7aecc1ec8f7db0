import type { Catalog } from './en';

/** German. Untranslated messages fall back to English. */
export const de: Catalog = {
  'app.tagline': 'Kundenanalysen, die dieses Gerät nie verlassen',
  'app.loading': 'Die Datenbank wird gestartet…',
  'app.locale': 'Sprache',
  'privacy.local': 'Nur lokal: Ihre Daten bleiben auf diesem Gerät',
  'import.drop': 'CSV-Dateien hierher ziehen oder',
  'import.pick': 'Dateien auswählen',
  'tables.heading': 'Tabellen',
  'tables.rows': '{count, plural, one {# Zeile} other {# Zeilen}}',
  'tables.columns': '{count, plural, one {# Spalte} other {# Spalten}}',
  'query.run': 'Ausführen',
  'query.summary': '{rows, plural, one {# Zeile} other {# Zeilen}} in {time}',
  'chart.heading': 'Diagramm',
  'import.cancel': 'Abbrechen',
  'preview.import': 'Importieren',
  'preview.skip': 'Diese Datei überspringen',
  'preview.table': 'Tabellenname',
  'preview.encoding': 'Zeichenkodierung',
  'preview.delimiter': 'Trennzeichen',
  'preview.header': 'Erste Zeile enthält die Spaltennamen',
  'storage.heading': 'Auf diesem Gerät',
  'storage.export': 'Datenbank exportieren (.sqlite)',
  'storage.wipe': 'Alle lokalen Daten löschen'
};
