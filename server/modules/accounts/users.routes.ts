import { Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import { presentUserForAdmin } from './accounts.presenter';
import { IdParams, RolesBody, UsersQuery } from './accounts.schemas';
import type { UsersService } from './users.service';

/** /api/users — administration (admins only, per the policy table). */
export function usersRouter(deps: { admin: UsersService }): Router {
  const router = Router();
  router.get(
    '/',
    handle({ query: UsersQuery }, async ({ query }, _req, res) => {
      const { items, total } = await deps.admin.list({ role: query.role }, query);
      sendData(res, items.map(presentUserForAdmin), {
        pagination: { page: query.page, pageSize: query.pageSize, total },
      });
    }),
  );
  router.patch(
    '/:id/roles',
    handle({ params: IdParams, body: RolesBody }, async ({ params, body }, req, res) => {
      const ctx = { actor: requireActor(req), requestId: String(req.id) };
      sendData(res, presentUserForAdmin(await deps.admin.changeRoles(ctx, params.id, body)));
    }),
  );
  return router;
}
