import type { StoredFile } from './file.repository';

/** The public description of a stored file (no uploader id). */
export function presentFile(file: StoredFile) {
  return {
    id: file.id,
    filename: file.filename,
    contentType: file.contentType,
    kind: file.kind,
    size: file.size,
    sha256: file.sha256,
    language: file.language,
    createdAt: file.createdAt.toISOString(),
  };
}
