export {
  CELL_KINDS,
  CHART_AGGREGATES,
  CHART_MARKS,
  DEFAULT_MIN_GROUP_SIZE,
  INPUT_CONTROLS,
  isMinGroupSize,
  MAX_MIN_GROUP_SIZE,
  NOTEBOOK_VERSION,
  nextCellId,
  normalizeNotebook,
  type Cell,
  type CellKind,
  type CellSpec,
  type ChartAggregate,
  type ChartCell,
  type ChartCellSpec,
  type ChartForm,
  type ChartFormSpec,
  type ChartLabels,
  type ChartMark,
  type ChartSort,
  type DateRange,
  type InputCell,
  type InputCellSpec,
  type InputControl,
  type InputControlKind,
  type InputControlSpec,
  type MarkdownCell,
  type MarkdownCellSpec,
  type Notebook,
  type NotebookPrivacy,
  type NotebookSpec,
  type OptionValue,
  type SqlCell,
  type SqlCellSpec,
  type TableColumn,
  type TableFingerprint
} from './model';
export { loadNotebook, type LoadResult } from './load';
export {
  parseNotebook,
  serializeNotebook,
  type DocumentCell,
  type DocumentData,
  type NotebookDocument,
  type ParseResult
} from './format';
export { migrateDocument, MIGRATIONS, type MigrateResult, type Migration } from './migrate';
export { validateDocument, type ValidatedNotebook } from './validate';
export {
  NotebookError,
  type NotebookFailure,
  type NotebookFailureReason,
  type NotebookLocation,
  type NotebookWarning
} from './failure';
export { checkNotebookSize, NOTEBOOK_LIMITS } from './limits';
export {
  DEFAULT_MAX_OPEN_BYTES,
  openSealedData,
  passphraseStrength,
  RECOMMENDED_PASSPHRASE_CHARS,
  SEAL_ITERATION_RANGE,
  SEAL_ITERATIONS,
  sealData,
  SEALED_DATA_FORMAT,
  SealedDataError,
  sealedDataProblem,
  type OpenOptions,
  type PassphraseStrength,
  type SealedData,
  type SealedDataErrorReason,
  type SealedDataProblem,
  type SealOptions
} from './sealed-data';
export { cellIdProblem, nameProblem, toNameKey } from './names';
export {
  buildGraph,
  downstreamOf,
  readersOf,
  tablesRead,
  type CellIssue,
  type GraphNode,
  type GraphOptions,
  type NameUsage,
  type NotebookGraph
} from './graph';
export {
  findSqlReferences,
  type ParameterReference,
  type SqlReferences,
  type TableReference
} from './sql-references';
export { findMarkdownReferences, toMarkdownSegments, type MarkdownSegment } from './markdown-references';
export {
  defaultParameterValues,
  fitsControl,
  parametersOf,
  parameterSqlNames,
  toSqlParams,
  type Parameter,
  type ParameterValue,
  type SqlParameterValue
} from './parameters';
export {
  compareTables,
  createContentHasher,
  toCanonicalRow,
  toTableFingerprint,
  type ActualTable,
  type ColumnPrivacy,
  type HashableValue,
  type TableCheck,
  type TableDifference
} from './fingerprint';
export { galleryEntries, type GalleryEntry } from './gallery';
