/** An API failure, with a message for the person in their language (see `errorText`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** What the server wrote (English), kept for logs and as the fallback for a code without a catalogue key. */
  readonly serverMessage: string | null;

  constructor(status: number, code: string, message: string, serverMessage: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}
