import { toColumnNames } from './column-names';
import { createConverter, formatForType, inferColumn } from './infer';
import { detectPersonalData } from './personal-data';
import type { ColumnPlan, ImportPlan, ImportWarning, PlanOverrides } from './plan';
import { detectSourceEncoding, readSample, type CsvSample } from './sample';
import type { ByteSource } from './source';

/** How many rows the preview shows, converted as they will be stored. */
const PREVIEW_ROWS = 20;

/**
 * Decides how to read a file: encoding, dialect, column names and types, from a sample spread over the whole
 * file; the user's overrides win over every guess. Nothing is stored. The streaming import then follows the
 * returned plan exactly, so what the preview shows is what the table gets.
 */
export async function planImport(source: ByteSource, overrides: PlanOverrides = {}): Promise<ImportPlan> {
  const detected = overrides.encoding
    ? { encoding: overrides.encoding, source: 'user' as const }
    : await detectSourceEncoding(source);
  const sample = await readSample(source, detected.encoding, {
    delimiter: overrides.delimiter,
    quote: overrides.quote,
    hasHeader: overrides.hasHeader
  });
  const columns = planColumns(sample, overrides);
  return {
    encoding: detected.encoding,
    encodingSource: detected.source,
    dialect: sample.dialect,
    columns,
    previewRows: toPreviewRows(sample, columns),
    sampledRows: sample.rows.length,
    warnings: planWarnings(sample, columns),
    personalData: detectPersonalData(
      columns,
      sample.rows.map((record) => record.fields)
    ),
    bytes: source.size
  };
}

function planColumns(sample: CsvSample, overrides: PlanOverrides): ColumnPlan[] {
  const width = sample.header?.length ?? sample.rows[0]?.fields.length ?? 0;
  const headers = sample.header ?? Array.from({ length: width }, () => '');
  return toColumnNames(headers).map(({ name, label }, i) => {
    const values = sample.rows.map((record) => record.fields[i] ?? '');
    const wanted = overrides.columns?.[name];
    const choice = { dateOrder: wanted?.dateOrder, decimal: wanted?.decimal };
    // A chosen reading (decimal separator, date order) is inferred again with it: under `,` as decimal an
    // ambiguous `1,234` column becomes REAL, not an INTEGER column full of misfits.
    if (wanted?.type) {
      return { name, label, type: wanted.type, format: formatForType(wanted.type, values, choice) };
    }
    return { name, label, ...inferColumn(values, choice) };
  });
}

function toPreviewRows(sample: CsvSample, columns: ColumnPlan[]): (string | number | null)[][] {
  const converters = columns.map((column) => createConverter(column.format));
  return sample.rows.slice(0, PREVIEW_ROWS).map((record) =>
    converters.map((convert, i) => {
      const raw = record.fields[i] ?? '';
      const value = convert(raw);
      return value === undefined ? raw : value;
    })
  );
}

function planWarnings(sample: CsvSample, columns: ColumnPlan[]): ImportWarning[] {
  const warnings: ImportWarning[] = [...sample.warnings];
  for (const column of columns) {
    if (column.ambiguity?.kind === 'date-order')
      warnings.push({ code: 'ambiguous-date-order', column: column.name });
    if (column.ambiguity?.kind === 'decimal-separator') {
      warnings.push({ code: 'ambiguous-decimal-separator', column: column.name });
    }
  }
  if (sample.replacementChars > 0) {
    warnings.push({ code: 'replacement-characters', count: sample.replacementChars });
  }
  if (sample.header === undefined) warnings.push({ code: 'no-header' });
  return warnings;
}
