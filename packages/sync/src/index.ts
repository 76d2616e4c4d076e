// The package's public face. PostgreSQL and Redis are separate entries (`./postgres`, `./redis`),
// loaded only by a deployment that uses them.
export { admitUpdate, newViolations, type Admission } from './admitUpdate';
export { CloseCode, fitCloseReason } from './CloseCode';
export { connectQueued, type QueueLimits } from './connectQueued';
export { FairScheduler } from './FairScheduler';
export { DEFAULT_INBOUND_LIMITS, InboundBudget, type InboundLimits } from './InboundBudget';
export { DEFAULT_PERSONAL_LIMITS, PersonalBudgets, type PersonalLimits } from './PersonalBudgets';
export { TokenBucket } from './TokenBucket';
export { DocumentManager, type Connection, type DocumentManagerOptions, type Timers } from './DocumentManager';
export type { DocumentPolicy, PlainEdits, PolicyViolation, RootKind, TextRoom } from './DocumentPolicy';
export { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_DOCUMENT_BYTES, DocumentRoom, type AdmissionCounts, type DocumentRoomOptions, type RoomClock } from './DocumentRoom';
export type { DocumentChannel, FanOut } from './FanOut';
export { LocalLease, type Lease, type LeaseHolder, type LeaseResult } from './Lease';
export { LocalFanOut } from './LocalFanOut';
export { MemoryFanOutBus } from './MemoryFanOutBus';
export { MemoryStorage } from './MemoryStorage';
export { decodeFanOutFrame, encodeFanOutFrame, MAX_PROCESS_ID_BYTES, type FanOutFrame } from './fanOutFrame';
export { isLocalOrigin, remoteOrigin, storageOrigin } from './origins';
export {
  MessageType,
  ProtocolError,
  SyncMessageType,
  decodeAwarenessUpdate,
  decodeMessage,
  decodeUpdate,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeQueryAwareness,
  encodeSaveCheck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  validateUpdate,
  type AwarenessEntry,
  type DecodedUpdate,
  type IncomingMessage,
} from './protocol';
export { Session } from './Session';
export { SQLITE_FILE_NAME, SqliteStorage } from './SqliteStorage';
export type { SnapshotInfo, SnapshotRecord, Storage, StoredDocument, WorkshopRecord } from './Storage';
export type { SessionIdentity, SessionOptions, Transport } from './Transport';
