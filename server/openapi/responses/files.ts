import { z } from 'zod';
import { data, moduleDocs } from '../registry';
import { IsoDate } from './common';

const StoredFile = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  kind: z.string(),
  size: z.int().min(0),
  sha256: z.string(),
  language: z.string().nullable().optional(),
  createdAt: IsoDate,
});

/** Uploads (multipart, streamed into GridFS) and downloads. */
export const filesDocs = moduleDocs({
  tag: 'files',
  description: 'File uploads and downloads (GridFS); see docs/files.md',
  routes: {
    'POST /api/files': {
      id: 'uploadFile',
      summary: 'Upload one file (multipart/form-data, streamed)',
      body: {
        mediaType: 'multipart/form-data',
        schema: z.object({
          file: z.string().meta({ format: 'binary', description: 'The file (one part named `file`)' }),
          language: z.string().optional().meta({ description: 'BCP 47 language of the content' }),
        }),
      },
      responses: {
        201: { description: 'Stored', schema: data(StoredFile), headers: { Location: 'URL of the file' } },
      },
      errors: [400, 413, 415, 429],
    },
    'GET /api/files/:id': {
      id: 'downloadFile',
      summary: 'Download a file (ETag, Range requests; HEAD for metadata only)',
      responses: {
        200: {
          description: 'The bytes, with the stored Content-Type',
          media: { '*/*': {} },
          headers: { ETag: 'Strong validator', 'Accept-Ranges': 'bytes' },
        },
        206: {
          description: 'The requested range',
          media: { '*/*': {} },
          headers: { 'Content-Range': 'bytes start-end/size' },
        },
        304: { description: 'Not modified (If-None-Match)' },
      },
      errors: [416],
    },
    'DELETE /api/files/:id': {
      id: 'deleteFile',
      summary: 'Delete a file (its uploader or staff)',
      responses: { 204: { description: 'Deleted' } },
    },
  },
});
