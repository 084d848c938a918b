/** Why a file could not be imported; the message is for the user, in Vietnamese. */
export type ImportErrorCode = 'unsupported' | 'broken' | 'no_text' | 'timeout' | 'unsafe' | 'too_large';

export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
