import { Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import {
  presentCohort,
  presentEnrolment,
  presentItemResult,
  presentQuizAttempt,
  presentRosterRow,
  rosterCsv,
} from './enrolment.presenter';
import {
  CourseParams,
  CreateCohortBody,
  EnrolBody,
  EnrolmentParams,
  LangQuery,
  ProgressBody,
  QuizAttemptBody,
  RosterQuery,
} from './enrolment.schemas';
import type { EnrolmentService } from './enrolment.service';
import type { ProgressService } from './progress.service';
import type { QuizService } from './quiz.service';

/** Enrolment, cohorts, my learning, rosters, progress and quiz attempts (mounted at /api). */
export function enrolmentRouter(services: {
  enrolment: EnrolmentService;
  progress: ProgressService;
  quizzes: QuizService;
}): Router {
  const { enrolment, progress, quizzes } = services;
  const router = Router();

  router.post(
    '/courses/:slug/enrolments',
    handle({ params: CourseParams, body: EnrolBody }, async ({ params, body }, req, res) => {
      const result = await enrolment.enrol(requireActor(req), params.slug, body);
      sendData(res, presentEnrolment(result, req.locale.locale), {
        status: result.created ? 201 : 200,
      });
    }),
  );

  router.get(
    '/courses/:slug/enrolments',
    handle({ params: CourseParams, query: RosterQuery }, async ({ params, query }, req, res) => {
      const roster = await enrolment.roster(requireActor(req), params.slug, query.cohortId);
      const rows = roster.rows.map((r) => presentRosterRow(r, roster.people.get(r.enrolment.userId)));
      if (query.format === 'csv') {
        res.type('text/csv; charset=utf-8');
        res.attachment(`${params.slug}-enrolments.csv`);
        res.send(rosterCsv(rows, req.t));
        return;
      }
      sendData(res, rows, { pagination: { total: rows.length } });
    }),
  );

  router.get(
    '/courses/:slug/cohorts',
    handle({ params: CourseParams }, async ({ params }, _req, res) => {
      sendData(res, (await enrolment.listCohorts(params.slug)).map(presentCohort));
    }),
  );

  router.post(
    '/courses/:slug/cohorts',
    handle({ params: CourseParams, body: CreateCohortBody }, async ({ params, body }, _req, res) => {
      sendData(res, presentCohort(await enrolment.createCohort(params.slug, body)), { status: 201 });
    }),
  );

  router.get(
    '/me/enrolments',
    handle({ query: LangQuery }, async (_input, req, res) => {
      const mine = await enrolment.listMine(requireActor(req));
      sendData(
        res,
        mine.map((m) => presentEnrolment(m, req.locale.locale)),
      );
    }),
  );

  router.get(
    '/enrolments/:id',
    handle({ params: EnrolmentParams, query: LangQuery }, async ({ params }, req, res) => {
      const found = await enrolment.get(requireActor(req), params.id);
      sendData(res, presentEnrolment(found, req.locale.locale));
    }),
  );

  router.delete(
    '/enrolments/:id',
    handle({ params: EnrolmentParams }, async ({ params }, req, res) => {
      const done = await enrolment.withdraw(requireActor(req), params.id);
      sendData(res, presentEnrolment(done, req.locale.locale));
    }),
  );

  router.post(
    '/enrolments/:id/progress',
    handle({ params: EnrolmentParams, body: ProgressBody }, async ({ params, body }, req, res) => {
      const single = body.single === true;
      const out = await progress.record(requireActor(req), params.id, body.events, single);
      sendData(res, {
        results: out.results.map((r) => presentItemResult(r, req.t)),
        enrolment: presentEnrolment(out, req.locale.locale),
      });
    }),
  );

  router.post(
    '/enrolments/:id/quiz-attempts',
    handle({ params: EnrolmentParams, body: QuizAttemptBody }, async ({ params, body }, req, res) => {
      const result = await quizzes.submit(requireActor(req), params.id, body);
      sendData(res, presentQuizAttempt(result, req.locale.locale), { status: 201 });
    }),
  );

  return router;
}
