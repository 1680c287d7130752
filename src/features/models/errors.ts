/** Why a model could not be fetched or stored: each code has its own translated message in the app. */
export type ModelsErrorCode =
  | 'not-found' // no such repo, revision or file on any source
  | 'unauthorized' // private or gated: needs (another) access token
  | 'download' // every source failed after retries
  | 'quota' // the browser will not store that much
  | 'integrity' // every source served bytes whose sha256 is wrong
  | 'unsupported'; // the repo has no ONNX Whisper files this device can run

export interface ModelsError {
  code: ModelsErrorCode;
  detail?: string;
  /** For quota: bytes still to store. */
  neededBytes?: number;
}

export class ModelsFailure extends Error {
  constructor(readonly error: ModelsError) {
    super(`${error.code}${error.detail ? `: ${error.detail}` : ''}`);
    this.name = 'ModelsFailure';
  }
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}
