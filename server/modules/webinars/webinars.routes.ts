import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { type RequestHandler, type Response, Router } from 'express';
import type { TFunction } from 'i18next';
import multer from 'multer';
import { requireActor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { sendData } from '../../shared/http';
import { handle, toFieldIssue } from '../../shared/validate';
import type { Registration } from './registration.repository';
import type { Webinars } from './webinars.module';
import {
  presentEvent,
  presentImport,
  presentOwnRegistration,
  presentRegistration,
  presentSeries,
  registrationCsv,
} from './webinars.presenter';
import {
  EventBody,
  EventListQuery,
  EventParams,
  EventPatch,
  ExternalBody,
  ImportParams,
  MappingFields,
  RegistrantParams,
  RegistrationsQuery,
  ReportQuery,
  SeriesBody,
} from './webinars.schemas';

/** Attendance files up to 64 MiB (a 100,000-row Zoom export is ~10 MB); streamed to a temp file. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

/** /api/events and /api/event-series (who may call what: webinars.policy.ts). */
export function webinarsRouter(w: Webinars): Router {
  const router = Router();
  router.get(
    '/events',
    handle({ query: EventListQuery }, async ({ query }, req, res) => {
      const { items, total } = await w.events.list(req.actor, { ...query, seriesId: query.series });
      sendData(
        res,
        items.map((v) => presentEvent(v, req.locale.locale)),
        {
          pagination: { page: query.page, pageSize: query.pageSize, total },
        },
      );
    }),
  );
  router.post(
    '/events',
    handle({ body: EventBody }, async ({ body }, req, res) => {
      const view = await w.events.create(requireActor(req), body);
      res.setHeader('Location', `/api/events/${view.event.id}`);
      sendData(res, presentEvent(view, req.locale.locale), { status: 201 });
    }),
  );
  router.get(
    '/events/:id',
    handle({ params: EventParams }, async ({ params }, req, res) => {
      sendData(res, presentEvent(await w.events.get(req.actor, params.id), req.locale.locale));
    }),
  );
  router.patch(
    '/events/:id',
    handle({ params: EventParams, body: EventPatch }, async ({ params, body }, req, res) => {
      sendData(res, presentEvent(await w.events.update(params.id, body), req.locale.locale));
    }),
  );
  router.post(
    '/events/:id/registrations',
    handle({ params: EventParams }, async ({ params }, req, res) => {
      const { registration, created } = await w.registrations.registerSelf(requireActor(req), params.id);
      sendData(res, { ...presentOwnRegistration(registration), created }, { status: created ? 201 : 200 });
    }),
  );
  router.post(
    '/events/:id/registrants',
    handle({ params: EventParams, body: ExternalBody }, async ({ params, body }, req, res) => {
      const { registration, created } = await w.registrations.addExternal(requireActor(req), params.id, body);
      sendData(res, { ...presentRegistration(registration), created }, { status: created ? 201 : 200 });
    }),
  );
  router.delete(
    '/events/:id/registrants/:registrationId',
    handle({ params: RegistrantParams }, async ({ params }, req, res) => {
      await w.registrations.eraseExternal(requireActor(req), params.id, params.registrationId);
      res.status(204).end();
    }),
  );
  router.get(
    '/events/:id/registrations',
    handle({ params: EventParams, query: RegistrationsQuery }, async ({ params, query }, req, res) => {
      const actor = requireActor(req);
      if (query.format === 'csv') {
        const { event, rows } = await w.registrations.stream(actor, params.id);
        return streamCsv(res, `registrations-${event.id}.csv`, rows, req.t);
      }
      const { items, total } = await w.registrations.list(actor, params.id, query);
      sendData(res, items.map(presentRegistration), {
        pagination: { page: query.page, pageSize: query.pageSize, total },
      });
    }),
  );
  router.post(
    '/events/:id/attendance-imports',
    attendanceUpload(),
    handle({ params: EventParams }, async ({ params }, req, res) => {
      const file = req.file;
      try {
        if (!file) throw fieldError('file', 'required');
        const mapping = MappingFields.safeParse(req.body ?? {});
        if (!mapping.success)
          throw new AppError('validation_failed', {
            issues: mapping.error.issues.map((i) => toFieldIssue('body', i)),
          });
        const name = file.originalname || null;
        const result = await w.imports.run(
          requireActor(req),
          params.id,
          { path: file.path, filename: name },
          mapping.data,
        );
        const page = await w.imports.report(requireActor(req), params.id, result.record.fileHash, {
          page: 1,
          pageSize: 100,
        });
        res.setHeader('Location', `/api/events/${params.id}/attendance-imports/${result.record.fileHash}`);
        sendData(res, presentImport(result.record, page.issues, req.t, result), {
          status: result.replayed ? 200 : 201,
        });
      } finally {
        if (file) await unlink(file.path).catch(() => {});
      }
    }),
  );
  router.get(
    '/events/:id/attendance-imports/:importId',
    handle({ params: ImportParams, query: ReportQuery }, async ({ params, query }, req, res) => {
      const { record, issues } = await w.imports.report(requireActor(req), params.id, params.importId, query);
      const c = record.counts;
      sendData(res, presentImport(record, issues, req.t), {
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          total: c.duplicates + c.unmatched + c.invalid + c.alreadyRecorded,
        },
      });
    }),
  );
  router.get(
    '/event-series',
    handle({}, async (_input, req, res) => {
      const all = await w.events.listSeries();
      sendData(
        res,
        all.map((s) => presentSeries(s.series, req.locale.locale, s.participants)),
      );
    }),
  );
  router.post(
    '/event-series',
    handle({ body: SeriesBody }, async ({ body }, req, res) => {
      const series = await w.events.createSeries(requireActor(req), body);
      sendData(res, presentSeries(series, req.locale.locale, 0), { status: 201 });
    }),
  );
  return router;
}

/** The multipart parser of attendance imports: one `file` part to a temp file, mapping fields. */
function attendanceUpload(): RequestHandler {
  const parse = multer({
    dest: tmpdir(),
    limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data'))
      throw new AppError('unsupported_media_type', { params: { expected: 'multipart/form-data' } });
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE')
        return next(new AppError('payload_too_large', { params: { limit: IMPORT_MAX_BYTES }, cause: err }));
      if (err instanceof multer.MulterError) return next(fieldError(err.field ?? 'file', 'invalid'));
      next(new AppError('malformed_multipart', { cause: err }));
    });
  };
}

function fieldError(field: string, code: string): AppError {
  return new AppError('validation_failed', { issues: [{ in: 'body', path: [field], code, params: {} }] });
}

/** Streams the registration list as CSV (UTF-8 with BOM, for spreadsheet programs). */
async function streamCsv(res: Response, filename: string, rows: AsyncIterable<Registration>, t: TFunction) {
  const csv = registrationCsv(t);
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.write(`\uFEFF${csvLine(csv.header)}`);
  for await (const reg of rows) {
    if (!res.write(csvLine(csv.row(reg)))) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

function csvLine(values: readonly unknown[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading = + - @ would run as a formula in spreadsheet programs.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `${values.map(cell).join(',')}\r\n`;
}
