export { CloseCode } from './CloseCode';
export { connectQueued } from './connectQueued';
export { DocumentManager, type Connection, type DocumentManagerOptions, type Timers } from './DocumentManager';
export { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_DOCUMENT_BYTES, DocumentRoom, type DocumentRoomOptions } from './DocumentRoom';
export type { FanOut } from './FanOut';
export { LocalFanOut } from './LocalFanOut';
export { MemoryFanOutBus } from './MemoryFanOutBus';
export { MemoryStorage } from './MemoryStorage';
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
