import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { GridFSBucket, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import type { FileKind } from './file.sniff';

/**
 * GridFS bucket `fs`: fs.files holds one document per file (length, filename, uploadDate and
 * our `metadata`), fs.chunks the 255 KiB pieces. The driver creates the GridFS indexes
 * ({filename, uploadDate} and unique {files_id, n}) on the first upload.
 * Shard-key candidate: fs.chunks { files_id: 1, n: 1 } (the GridFS recommendation); fs.files
 * stays small and can remain unsharded.
 */
export const BUCKET_NAME = 'fs';

/** What we store under fs.files.metadata. */
export interface FileMetadata {
  uploaderId: string;
  kind: FileKind;
  contentType: string;
  /** Hex SHA-256 of the content, computed while streaming; the ETag. */
  sha256: string;
  /** BCP 47 tag of the file's language (a lecture's audio, a translated PDF), if given. */
  language: string | null;
}

/** A stored file as the rest of the app sees it. */
export interface StoredFile extends Readonly<FileMetadata> {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly createdAt: Date;
}

/** An upload in progress: write in order, then finish or discard. */
export interface UploadSink {
  readonly id: string;
  /** Resolves once the bytes are buffered or, when a chunk fills, persisted (backpressure). */
  write(chunk: Buffer): Promise<void>;
  /** Writes the last chunk and the files document with the final SHA-256. */
  finish(sha256: string): Promise<StoredFile>;
  /** Removes every chunk (and a files document, if one was written). Call after writes settle. */
  discard(): Promise<void>;
}

export interface FileRepository {
  openUpload(filename: string, metadata: Omit<FileMetadata, 'sha256'>): UploadSink;
  findById(id: string): Promise<StoredFile | null>;
  /** Streams bytes [start, end] (inclusive) or the whole file. */
  openDownload(id: string, range?: { start: number; end: number }): Readable;
  /** Deletes the files document and its chunks; false when there was no such file. */
  delete(id: string): Promise<boolean>;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

interface FilesDoc {
  _id: ObjectId;
  length: number;
  filename: string;
  uploadDate: Date;
  metadata: FileMetadata;
}

/** GridFS persistence on the mongoose connection's database; returns plain objects only. */
export function createFileRepository(connection: Connection): FileRepository {
  const db = () => {
    if (!connection.db) throw new Error('database connection is not open');
    return connection.db;
  };
  let cachedBucket: GridFSBucket | undefined;
  // One bucket per connection: the driver checks the GridFS indexes once per bucket.
  const bucket = () => {
    cachedBucket ??= new GridFSBucket(db(), { bucketName: BUCKET_NAME });
    return cachedBucket;
  };
  const files = () => db().collection<FilesDoc>(`${BUCKET_NAME}.files`);
  const chunks = () => db().collection(`${BUCKET_NAME}.chunks`);
  return {
    openUpload(filename, partial) {
      const metadata: FileMetadata = { ...partial, sha256: '' };
      const stream = bucket().openUploadStream(filename, { metadata });
      const id = stream.id as ObjectId;
      return {
        id: id.toHexString(),
        write: (chunk) =>
          new Promise<void>((resolve, reject) => {
            stream.write(chunk, (err) => (err ? reject(err) : resolve()));
          }),
        async finish(sha256) {
          // The driver writes the files document from options.metadata when the stream ends,
          // so the digest, known only now, is filled in just before end().
          metadata.sha256 = sha256;
          stream.end();
          await finished(stream);
          const doc = await files().findOne({ _id: id });
          if (!doc) throw new Error(`GridFS upload ${id.toHexString()} finished without a files document`);
          return toStoredFile(doc);
        },
        async discard() {
          stream.destroy();
          await chunks().deleteMany({ files_id: id });
          await files().deleteOne({ _id: id });
        },
      };
    },
    async findById(id) {
      if (!OBJECT_ID.test(id)) return null;
      const doc = await files().findOne({ _id: new ObjectId(id) });
      return doc ? toStoredFile(doc) : null;
    },
    openDownload(id, range) {
      const options = range ? { start: range.start, end: range.end + 1 } : {};
      return bucket().openDownloadStream(new ObjectId(id), options);
    },
    async delete(id) {
      const _id = new ObjectId(id);
      const { deletedCount } = await files().deleteOne({ _id });
      await chunks().deleteMany({ files_id: _id });
      return deletedCount === 1;
    },
  };
}

function toStoredFile(doc: FilesDoc): StoredFile {
  return {
    id: doc._id.toHexString(),
    filename: doc.filename,
    size: doc.length,
    createdAt: doc.uploadDate,
    uploaderId: doc.metadata.uploaderId,
    kind: doc.metadata.kind,
    contentType: doc.metadata.contentType,
    sha256: doc.metadata.sha256,
    language: doc.metadata.language ?? null,
  };
}
