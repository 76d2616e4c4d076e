import type { DocumentChannel, FanOut } from './FanOut';

/** The single-process fan-out: there is nobody else to tell. */
export class LocalFanOut implements FanOut {
  publish(_name: string, _update: Uint8Array): void {}

  subscribe(_name: string, _handler: ((update: Uint8Array) => void) | DocumentChannel): () => void {
    return () => {};
  }
}
