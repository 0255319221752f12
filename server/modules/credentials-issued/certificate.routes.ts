import { Router } from 'express';
import type { i18n as I18n } from 'i18next';
import { matchSupported } from '../../shared/i18n';
import { handle } from '../../shared/validate';
import { renderCertificate } from './certificate.page';
import { htmlToPdf } from './certificate.pdf';
import { IssuedParams } from './credentials.schemas';
import type { CredentialsService } from './credentials.service';

/** The human-readable certificate (HTML) and its PDF, in the credential's language (public). */
export function certificateRouter(
  service: CredentialsService,
  i18n: I18n,
  supported: readonly string[],
): Router {
  const router = Router();
  const page = async (id: string) => {
    const view = await service.get(id);
    const t = i18n.getFixedT(matchSupported(view.issued.lang, supported) ?? 'en');
    return renderCertificate(view, t, service.publicUrl);
  };
  router.get(
    '/:id',
    handle({ params: IssuedParams }, async ({ params }, _req, res) => {
      res.type('html').send(await page(params.id));
    }),
  );
  router.get(
    '/:id/pdf',
    handle({ params: IssuedParams }, async ({ params }, _req, res) => {
      const pdf = await htmlToPdf(await page(params.id));
      res.type('application/pdf').attachment(`credential-${params.id}.pdf`).send(pdf);
    }),
  );
  return router;
}
