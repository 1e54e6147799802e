import { PassThrough } from 'node:stream';
import { DomainException } from '@buendel/errors';
import { InterruptedUploadError, limitedUpload, TooLargeError, uploadProblem } from './upload-stream';

describe('uploadProblem', () => {
  it('makes a cut upload a 400 of the file, not an unexpected error', () => {
    const problem = uploadProblem(new InterruptedUploadError('the upload was interrupted'));
    expect(problem).toBeInstanceOf(DomainException);
    expect(problem).toMatchObject({
      code: 'UPLOAD_INTERRUPTED',
      errors: [{ field: 'file', reason: 'the upload was interrupted' }],
    });
  });

  it('makes a file past the limit a 413 and leaves other errors as they are', () => {
    expect(uploadProblem(new TooLargeError('the file is larger than 64 MiB'))).toMatchObject({
      code: 'IMPORT_TOO_LARGE',
    });
    const other = new Error('boom');
    expect(uploadProblem(other)).toBe(other);
  });
});

describe('limitedUpload', () => {
  it('fails with InterruptedUploadError when the body closes before its end', async () => {
    const body = new PassThrough();
    const limited = limitedUpload(body);
    const failed = new Promise<unknown>((resolve) => limited.on('error', resolve));
    body.write('cpvCode;title\n');
    body.destroy();
    expect(await failed).toBeInstanceOf(InterruptedUploadError);
  });
});
