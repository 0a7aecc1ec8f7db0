export { toArrowIpc, SQLITE_TYPE_METADATA_KEY } from './arrow';
export { toCsv, type CsvOptions } from './csv';
export { isFormulaLike, neutralizeFormula } from './formula';
export { toHexBlob, toPlainNumber } from './value-text';
export {
  guessCustomerCountColumn,
  suppressSmallGroups,
  type SuppressedResult,
  type SuppressionOptions
} from './suppress';
