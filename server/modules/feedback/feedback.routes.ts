import { Router } from 'express';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import { presentFeedback } from './feedback.presenter';
import { IdempotencyHeaders, SubmitFeedbackBody } from './feedback.schemas';
import type { FeedbackService } from './feedback.service';

/** POST /api/feedback — anyone may leave feedback; Idempotency-Key makes retries safe. */
export function feedbackRouter(service: FeedbackService): Router {
  const router = Router();
  router.post(
    '/',
    handle({ body: SubmitFeedbackBody, headers: IdempotencyHeaders }, async ({ body, headers }, req, res) => {
      const { feedback, created } = await service.submit({
        ...body,
        lang: req.locale.locale,
        idempotencyKey: headers['idempotency-key'],
      });
      if (!created) res.setHeader('Idempotent-Replayed', 'true');
      sendData(res, presentFeedback(feedback), { status: created ? 201 : 200 });
    }),
  );
  return router;
}
