// Upload failures with stable codes and, where the server gave one, the XEP-0363 / RFC 6120
// condition; the message is written for the person uploading.

export type UploadErrorCode =
  | 'E_UPLOAD_NO_SERVICE'   // the server announces no XEP-0363 service
  | 'E_UPLOAD_TOO_LARGE'    // over the service's max-file-size (file-too-large)
  | 'E_UPLOAD_REFUSED'      // the service refused the slot (quota, type, rights)
  | 'E_UPLOAD_BAD_SLOT'     // the slot answer is unusable
  | 'E_UPLOAD_TRANSFER';    // the HTTP PUT failed

export class UploadError extends Error {
  readonly maxFileSize: number | undefined;

  constructor(
    readonly code: UploadErrorCode,
    readonly condition: string,
    message: string,
    options: { maxFileSize?: number } = {},
  ) {
    super(message);
    this.name = 'UploadError';
    this.maxFileSize = options.maxFileSize;
  }
}
