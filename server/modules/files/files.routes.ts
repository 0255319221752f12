import { Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import { sendStoredFile } from './files.download';
import { presentFile } from './files.presenter';
import { FileIdParams } from './files.schemas';
import type { FilesService } from './files.service';
import { uploadedFile, uploadMiddleware } from './files.upload';

/**
 * POST /api/files (multipart, streamed into GridFS), GET|HEAD /api/files/:id (streamed, with
 * ETag and Range), DELETE /api/files/:id. Who may call each is declared in files.policy.ts.
 */
export function filesRouter(service: FilesService): Router {
  const router = Router();
  router.post(
    '/',
    uploadMiddleware(service),
    handle({}, async (_input, req, res) => {
      const file = await uploadedFile(req, service);
      res.setHeader('Location', `${req.baseUrl}/${file.id}`);
      sendData(res, presentFile(file), { status: 201 });
    }),
  );
  router.get(
    '/:id',
    handle({ params: FileIdParams }, async ({ params }, req, res) => {
      await sendStoredFile(service, await service.get(params.id, req.actor), req, res);
    }),
  );
  router.delete(
    '/:id',
    handle({ params: FileIdParams }, async ({ params }, req, res) => {
      await service.remove(requireActor(req), params.id);
      res.status(204).end();
    }),
  );
  return router;
}
