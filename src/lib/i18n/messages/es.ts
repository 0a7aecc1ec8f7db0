import type { Catalog } from './en';

/** Spanish. Untranslated messages fall back to English. */
export const es: Catalog = {
  'app.tagline': 'Análisis de clientes que nunca sale de este dispositivo',
  'app.loading': 'Iniciando la base de datos…',
  'app.locale': 'Idioma',
  'privacy.local': 'Solo local: sus datos se quedan en este dispositivo',
  'import.drop': 'Suelte archivos CSV aquí o',
  'import.pick': 'elija archivos',
  'import.cancel': 'Cancelar',
  'preview.import': 'Importar',
  'preview.skip': 'Omitir este archivo',
  'preview.table': 'Nombre de la tabla',
  'preview.encoding': 'Codificación',
  'preview.delimiter': 'Separador',
  'preview.header': 'La primera fila contiene los nombres de columna',
  'tables.heading': 'Tablas',
  'tables.rows': '{count, plural, one {# fila} other {# filas}}',
  'tables.columns': '{count, plural, one {# columna} other {# columnas}}',
  'query.run': 'Ejecutar',
  'query.summary': '{rows, plural, one {# fila} other {# filas}} en {time}',
  'chart.heading': 'Gráfico',
  'storage.heading': 'En este dispositivo',
  'storage.export': 'Exportar la base de datos (.sqlite)',
  'storage.wipe': 'Borrar todos los datos locales'
};
