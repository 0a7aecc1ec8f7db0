export { sha256Hex } from './checksum';
export { requestPersistentStorage, type StorageStatus } from './persistent-storage';
export {
  openSnapshotStore,
  type LoadedSnapshot,
  type SnapshotInfo,
  type SnapshotStore,
  type SnapshotStoreOptions
} from './snapshot-store';
export { StorageError } from './storage-error';
