import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type Binary, type Collection, GridFSBucket, ObjectId } from 'mongodb';
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
  /**
   * Deletes chunks that have no files document and whose upload started in [from, to) (the
   * GridFS id is an ObjectId taken at the start); returns how many files' chunks went.
   */
  deleteOrphanChunks(from: Date, to: Date): Promise<number>;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const DEFAULT_CHUNK_BYTES = 255 * 1024;
/** Chunks fetched per round trip when reading: bounds a download's memory to about 1 MiB. */
const CHUNKS_PER_BATCH = 4;

interface ChunkDoc {
  files_id: ObjectId;
  n: number;
  data: Binary;
}

interface FilesDoc {
  _id: ObjectId;
  length: number;
  chunkSize: number;
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
  const chunks = () => db().collection<ChunkDoc>(`${BUCKET_NAME}.chunks`);
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
      // Not GridFSBucket.openDownloadStream: its chunk cursor has no batch size, and FerretDB
      // then answers a getMore with every remaining chunk, so memory grew with the file.
      return Readable.from(readChunks(files(), chunks(), new ObjectId(id), range), {
        objectMode: false,
        highWaterMark: 2 * DEFAULT_CHUNK_BYTES,
      });
    },
    async delete(id) {
      const _id = new ObjectId(id);
      const { deletedCount } = await files().deleteOne({ _id });
      await chunks().deleteMany({ files_id: _id });
      return deletedCount === 1;
    },
    async deleteOrphanChunks(from, to) {
      const window = { $gte: objectIdAt(from), $lt: objectIdAt(to) };
      const owners = chunks().aggregate<{ _id: ObjectId }>([
        { $match: { files_id: window } },
        { $group: { _id: '$files_id' } },
      ]);
      let removed = 0;
      const batch: ObjectId[] = [];
      const flush = async () => {
        const found = await files()
          .find({ _id: { $in: batch } })
          .project<{ _id: ObjectId }>({ _id: 1 })
          .toArray();
        const kept = new Set(found.map((d) => d._id.toHexString()));
        const orphans = batch.filter((id) => !kept.has(id.toHexString()));
        if (orphans.length > 0) await chunks().deleteMany({ files_id: { $in: orphans } });
        removed += orphans.length;
        batch.length = 0;
      };
      for await (const { _id } of owners) {
        batch.push(_id);
        if (batch.length === 500) await flush();
      }
      if (batch.length > 0) await flush();
      return removed;
    },
  };
}

/**
 * Yields the bytes [start, end] of a GridFS file in order, a few chunks per round trip; the
 * cursor is closed when the consumer stops early (Readable.from calls return()).
 */
async function* readChunks(
  files: Collection<FilesDoc>,
  chunks: Collection<ChunkDoc>,
  id: ObjectId,
  range: { start: number; end: number } | undefined,
): AsyncGenerator<Buffer> {
  const file = await files.findOne({ _id: id });
  if (!file) throw new Error(`GridFS file ${id.toHexString()} not found`);
  if (file.length === 0) return;
  const { start, end } = range ?? { start: 0, end: file.length - 1 };
  const first = Math.floor(start / file.chunkSize);
  const last = Math.floor(end / file.chunkSize);
  const cursor = chunks
    .find({ files_id: id, n: { $gte: first, $lte: last } })
    .sort({ n: 1 })
    .batchSize(CHUNKS_PER_BATCH);
  try {
    let expected = first;
    for await (const chunk of cursor) {
      if (chunk.n !== expected) throw new Error(`GridFS file ${id.toHexString()}: chunk ${expected} missing`);
      const bytes = chunk.data.buffer;
      const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const from = chunk.n === first ? start - first * file.chunkSize : 0;
      const to = chunk.n === last ? end - last * file.chunkSize + 1 : data.length;
      yield data.subarray(from, to);
      expected++;
    }
    if (expected !== last + 1) throw new Error(`GridFS file ${id.toHexString()}: chunk ${expected} missing`);
  } finally {
    await cursor.close();
  }
}

function objectIdAt(date: Date): ObjectId {
  return ObjectId.createFromTime(Math.floor(date.getTime() / 1000));
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
