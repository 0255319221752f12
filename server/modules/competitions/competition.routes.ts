import { Router } from 'express';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import { presentPost, presentThread } from '../forum/forum.presenter';
import { contextOf, NEW_POST } from '../forum/forum.routes';
import { resultsCsv } from './competition.csv';
import { presentCompetition, presentEntry, presentResult, presentScore } from './competition.presenter';
import * as S from './competition.schemas';
import type { CompetitionService } from './competition.service';

/** /api/competitions: competitions, entries (forum threads), jury scores, results and export. */
export function competitionsRouter(
  service: CompetitionService,
  clock: () => Date = () => new Date(),
): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const list = await service.list();
    sendData(
      res,
      list.map((c) => presentCompetition(c, req.locale.locale, clock())),
    );
  });
  router.post(
    '/',
    handle({ body: S.CreateCompetitionBody }, async ({ body }, req, res) => {
      const c = await service.create(contextOf(req), body);
      sendData(res, presentCompetition(c, req.locale.locale, clock()), { status: 201 });
    }),
  );
  router.get(
    '/:id',
    handle({ params: S.CompetitionParams }, async ({ params }, req, res) => {
      sendData(
        res,
        presentCompetition(await service.competitionOr404(params.id), req.locale.locale, clock()),
      );
    }),
  );
  router.put(
    '/:id/jury',
    handle({ params: S.CompetitionParams, body: S.JuryBody }, async ({ params, body }, req, res) => {
      const c = await service.setJury(contextOf(req), params.id, body.jurors);
      sendData(res, { id: c.id, jury: c.jury });
    }),
  );
  router.get(
    '/:id/entries',
    handle({ params: S.CompetitionParams }, async ({ params }, _req, res) => {
      sendData(res, (await service.listEntries(params.id)).map(presentEntry));
    }),
  );
  router.post(
    '/:id/entries',
    handle({ params: S.CompetitionParams, body: S.EntryBody }, async ({ params, body }, req, res) => {
      const { entry, thread, post } = await service.enter(contextOf(req), params.id, body);
      const data = {
        entry: presentEntry(entry),
        thread: presentThread(thread, req.t),
        post: presentPost(post, req.actor, NEW_POST),
      };
      sendData(res, data, { status: 201 });
    }),
  );
  router.post(
    '/:id/entries/:entryId/scores',
    handle({ params: S.EntryParams, body: S.ScoreBody }, async ({ params, body }, req, res) => {
      const score = await service.score(contextOf(req), params.id, params.entryId, body);
      sendData(res, presentScore(score), { status: 201 });
    }),
  );
  resultRoutes(router, service, clock);
  return router;
}

function resultRoutes(router: Router, service: CompetitionService, clock: () => Date) {
  router.get(
    '/:id/results',
    handle({ params: S.CompetitionParams }, async ({ params }, req, res) => {
      const { competition, ranked } = await service.results(req.actor, params.id);
      sendData(res, {
        competition: presentCompetition(competition, req.locale.locale, clock()),
        ranking: 'standard-competition',
        results: ranked.map(presentResult),
      });
    }),
  );
  router.post(
    '/:id/results/publish',
    handle({ params: S.CompetitionParams }, async ({ params }, req, res) => {
      const c = await service.publish(contextOf(req), params.id);
      sendData(res, presentCompetition(c, req.locale.locale, clock()));
    }),
  );
  router.get(
    '/:id/results/export',
    handle({ params: S.CompetitionParams }, async ({ params }, req, res) => {
      const { competition, ranked } = await service.results(req.actor, params.id);
      await service.exported(contextOf(req), competition.id);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${competition.slug}-results.csv"`);
      // A BOM so spreadsheet software reads Arabic, Russian and Chinese titles as UTF-8.
      res.write('\uFEFF');
      for (const line of resultsCsv(competition.criteria, ranked)) res.write(line);
      res.end();
    }),
  );
}
