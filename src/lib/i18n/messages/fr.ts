import type { Catalog } from './en';

/** French. Untranslated messages fall back to English. */
export const fr: Catalog = {
  'app.tagline': 'L’analyse client qui ne quitte jamais cet appareil',
  'app.loading': 'Démarrage de la base de données…',
  'app.locale': 'Langue',
  'privacy.local': 'Local uniquement : vos données restent sur cet appareil',
  'import.drop': 'Déposez des fichiers CSV ici ou',
  'import.pick': 'choisissez des fichiers',
  'import.cancel': 'Annuler',
  'preview.import': 'Importer',
  'preview.skip': 'Ignorer ce fichier',
  'preview.table': 'Nom de la table',
  'preview.encoding': 'Encodage',
  'preview.delimiter': 'Séparateur',
  'preview.header': 'La première ligne contient les noms de colonnes',
  'tables.heading': 'Tables',
  'tables.rows': '{count, plural, one {# ligne} other {# lignes}}',
  'tables.columns': '{count, plural, one {# colonne} other {# colonnes}}',
  'query.run': 'Exécuter',
  'query.summary': '{rows, plural, one {# ligne} other {# lignes}} en {time}',
  'chart.heading': 'Graphique',
  'storage.heading': 'Sur cet appareil',
  'storage.export': 'Exporter la base (.sqlite)',
  'storage.wipe': 'Effacer toutes les données locales'
};
