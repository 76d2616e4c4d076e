export { CloseCode } from './CloseCode';
export { connectQueued, type QueueLimits } from './connectQueued';
export { DocumentManager, type Connection, type DocumentManagerOptions, type Timers } from './DocumentManager';
export { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_DOCUMENT_BYTES, DocumentRoom, type DocumentRoomOptions } from './DocumentRoom';
export type { DocumentChannel, FanOut } from './FanOut';
export { LocalLease, type Lease, type LeaseHolder, type LeaseResult } from './Lease';
export { LocalFanOut } from './LocalFanOut';
export { MemoryFanOutBus } from './MemoryFanOutBus';
export { MemoryStorage } from './MemoryStorage';
export { PostgresStorage, type PostgresStorageOptions } from './PostgresStorage';
export { FanOutMessageKind, RedisFanOut, type RedisFanOutOptions } from './RedisFanOut';
export { RedisLease, type LeaseHandle, type RedisLeaseOptions } from './RedisLease';
export { isLocalOrigin, remoteOrigin, storageOrigin } from './origins';
export {
  MessageType,
  ProtocolError,
  SyncMessageType,
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSaveCheck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  validateUpdate,
  type AwarenessEntry,
  type IncomingMessage,
} from './protocol';
export { Session } from './Session';
export { SQLITE_FILE_NAME, SqliteStorage } from './SqliteStorage';
export type { SnapshotInfo, SnapshotRecord, Storage, StoredDocument, WorkshopRecord } from './Storage';
export type { SessionOptions, Transport } from './Transport';
