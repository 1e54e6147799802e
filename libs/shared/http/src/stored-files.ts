import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, ReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { APP_CONFIG, AppConfig, productRoot } from '@buendel/config';

/** a file as received: in a temporary file beside the store, hashed while it was written */
export interface ReceivedFile {
  tmpPath: string;
  sha256: string;
  sizeBytes: number;
  /** its first bytes, to tell its type */
  head: Buffer;
}

const HEAD_BYTES = 16;

/**
 * Uploaded files (suppliers' evidence, mandates to join), outside the database: `<EVIDENCE_DIR>/<first two hex digits>/<sha256>`.
 * The same file uploaded twice is kept once; a file is written to a temporary name first and
 * renamed into place only when its row is stored, so that a refused upload leaves nothing.
 */
@Injectable()
export class StoredFiles {
  readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = path.resolve(
      config.EVIDENCE_DIR ?? path.join(config.DATA_DIR ?? path.join(productRoot(), '.data'), 'evidence'),
    );
  }

  /** writes the stream to a temporary file, hashing it */
  async receive(stream: Readable): Promise<ReceivedFile> {
    await fs.mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    const tmpPath = path.join(this.dir, 'tmp', randomUUID());
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    let sizeBytes = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      sizeBytes += chunk.length;
      if (headLength < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
    });
    try {
      await pipeline(stream, createWriteStream(tmpPath, { mode: 0o600 }));
    } catch (e) {
      await fs.rm(tmpPath, { force: true });
      throw e;
    }
    return { tmpPath, sha256: hash.digest('hex'), sizeBytes, head: Buffer.concat(head) };
  }

  /** moves a received file into its place (or drops it when the same content is there already) */
  async keep(file: ReceivedFile): Promise<void> {
    const target = this.pathOf(file.sha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(file.tmpPath, target);
  }

  async discard(file: ReceivedFile | undefined): Promise<void> {
    if (file) await fs.rm(file.tmpPath, { force: true });
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }
}

/** a stored file as a download, under its own type (told from its content at upload) and its name */
export function storedFileDownload(
  row: { media_type: string; file_name: string; size_bytes: number },
  stream: NodeJS.ReadableStream,
): StreamableFile {
  return new StreamableFile(stream as Readable, {
    type: row.media_type,
    disposition: `attachment; filename="${row.file_name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(row.file_name)}`,
    length: row.size_bytes,
  });
}
