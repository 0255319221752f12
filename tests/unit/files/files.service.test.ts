import { createHash } from 'node:crypto';
import type { FileRepository, StoredFile, UploadSink } from '../../../server/modules/files/file.repository';
import { createFilesService } from '../../../server/modules/files/files.service';
import { SAMPLES, sampleBody } from './samples';

const PDF = SAMPLES[0]?.head ?? Buffer.alloc(0);
const KiB = 1024;

/** A repository that records what happens to each upload; writes settle asynchronously. */
function fakeRepository() {
  const events: string[] = [];
  let pending = 0;
  const repo: FileRepository = {
    openUpload(filename, metadata): UploadSink {
      events.push(`open ${filename} ${metadata.kind}`);
      return {
        id: 'f1',
        write: async (chunk) => {
          pending++;
          await new Promise((r) => setImmediate(r));
          pending--;
          events.push(`write ${chunk.length}`);
        },
        finish: async (sha256) => {
          events.push('finish');
          return { id: 'f1', filename, size: 0, createdAt: new Date(0), sha256, ...metadata } as StoredFile;
        },
        discard: async () => {
          events.push(`discard (writes in flight: ${pending})`);
        },
      };
    },
    findById: async () => null,
    openDownload: () => {
      throw new Error('unused');
    },
    delete: async () => false,
    deleteOrphanChunks: async () => {
      events.push('sweep');
      return 0;
    },
  };
  return { repo, events };
}

async function* pieces(body: Buffer, size = 16 * KiB): AsyncGenerator<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

const limits = (document: number, maxBytes = 1 << 30) => ({
  maxBytes,
  kindMaxBytes: { video: 1 << 30, audio: 1 << 30, document, image: 1 << 30 },
});

describe('files service: orphan sweep', () => {
  it('runs after an upload at most once an hour', async () => {
    const { repo, events } = fakeRepository();
    let now = new Date('2026-01-01T00:00:00Z');
    const service = createFilesService({ files: repo, limits: limits(1 << 20), clock: () => now });
    const once = () => service.upload({ source: pieces(sampleBody(PDF, 1000)), uploaderId: 'u' });
    await once();
    await once();
    now = new Date('2026-01-01T01:00:00Z');
    await once();
    expect(events.filter((e) => e === 'sweep')).toHaveLength(2);
  });
});

describe('files service: upload', () => {
  it('refuses a disallowed type before opening anything', async () => {
    const { repo, events } = fakeRepository();
    const service = createFilesService({ files: repo, limits: limits(1 << 20) });
    const upload = service.upload({ source: pieces(Buffer.from('<html>')), uploaderId: 'u' });
    await expect(upload).rejects.toMatchObject({ code: 'file_type_not_allowed', status: 415 });
    expect(events.filter((e) => e !== 'sweep')).toEqual([]);
  });

  it('stops at the first byte over the kind’s limit and discards with no write in flight', async () => {
    const { repo, events } = fakeRepository();
    const service = createFilesService({ files: repo, limits: limits(200 * KiB) });
    const upload = service.upload({
      source: pieces(sampleBody(PDF, 300 * KiB)),
      uploaderId: 'u',
      filename: 'a.pdf',
    });
    await expect(upload).rejects.toMatchObject({
      code: 'file_too_large',
      extensions: { limitBytes: 200 * KiB },
    });
    expect(events.at(-2)).toBe('discard (writes in flight: 0)');
    expect(events).not.toContain('finish');
    expect(service.stats().activeUploads).toBe(0);
  });

  it('applies UPLOAD_MAX_BYTES when it is below the kind’s limit', async () => {
    const { repo } = fakeRepository();
    const service = createFilesService({ files: repo, limits: limits(1 << 20, 100 * KiB) });
    await expect(
      service.upload({ source: pieces(sampleBody(PDF, 100 * KiB + 1)), uploaderId: 'u' }),
    ).rejects.toMatchObject({ extensions: { limitBytes: 100 * KiB } });
  });

  it('discards when the source fails mid-stream (a client that went away)', async () => {
    const { repo, events } = fakeRepository();
    const service = createFilesService({ files: repo, limits: limits(1 << 20) });
    async function* cut(): AsyncGenerator<Buffer> {
      yield* pieces(sampleBody(PDF, 100 * KiB));
      throw new Error('Request aborted');
    }
    await expect(service.upload({ source: cut(), uploaderId: 'u' })).rejects.toThrow('Request aborted');
    expect(events.at(-2)).toBe('discard (writes in flight: 0)');
  });

  it('hashes what it writes and names the file safely', async () => {
    const { repo, events } = fakeRepository();
    const service = createFilesService({ files: repo, limits: limits(1 << 20) });
    const body = sampleBody(PDF, 40 * KiB);
    const stored = await service.upload({ source: pieces(body), uploaderId: 'u', filename: '../x/report' });
    expect(events[0]).toBe('open report.pdf document');
    expect(stored.sha256).toBe(createHash('sha256').update(body).digest('hex'));
  });
});
