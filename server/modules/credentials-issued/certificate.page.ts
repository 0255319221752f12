import type { TFunction } from 'i18next';
import { toString as qrToString } from 'qrcode';
import { textDirection } from '../../shared/i18n';
import type { IssuedView } from './credentials.service';

const html = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

interface Claims {
  name?: string;
  validFrom?: string;
  issuer?: { name?: string };
  credentialSubject?: {
    identifier?: { identityHash?: string }[];
    achievement?: { name?: string; description?: string; criteria?: { narrative?: string } };
  };
}

/** The public page of a credential: what its QR code and link point to (it shows revocation). */
export function verificationUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/credentials/${id}`;
}

/**
 * The QR code of `url` as inline SVG (no image request, crisp in print). Error correction M
 * survives a smudged printout; the quiet zone is the 4 modules scanners expect.
 */
export function qrSvg(url: string, label: string): Promise<string> {
  return qrToString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
    color: { dark: '#1d2a3a', light: '#ffffff' },
  }).then((svg) => svg.trim().replace('<svg ', `<svg class="qr" role="img" aria-label="${html(label)}" `));
}

/**
 * The human-readable certificate: one self-contained HTML page (inline CSS, system Noto fonts,
 * no external requests) in the credential's language, right-to-left for Arabic. The same page is
 * printed to PDF. A QR code and a short link lead to the public verification page.
 */
export async function renderCertificate(view: IssuedView, t: TFunction, publicUrl: string): Promise<string> {
  const lang = view.issued.lang;
  const dir = textDirection(lang);
  const c = view.credential as Claims;
  const achievement = c.credentialSubject?.achievement ?? {};
  const recipient = c.credentialSubject?.identifier?.[0]?.identityHash ?? '';
  const issued = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    view.issued.issuedAt,
  );
  const verifyUrl = verificationUrl(publicUrl, view.issued.id);
  const shortLink = verifyUrl.replace(/^https?:\/\//, '');
  const qr = await qrSvg(verifyUrl, t('learning:certificate.qrLabel'));
  const revoked = view.issued.revoked
    ? `<p class="revoked">${html(t('learning:certificate.revoked'))}</p>`
    : '';
  return `<!doctype html>
<html lang="${html(lang)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(achievement.name ?? '')} — ${html(recipient)}</title>
<style>
  @page { size: A4 landscape; margin: 14mm; }
  body { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans CJK SC", "Noto Sans SC", sans-serif;
         color: #1d2a3a; margin: 0; }
  main { border: 3px double #2b5d8a; padding: 32px 48px; text-align: center; }
  h1 { font-size: 20px; letter-spacing: .04em; color: #2b5d8a; margin: 0 0 24px; }
  .recipient { font-size: 34px; font-weight: 700; margin: 8px 0 16px; }
  .achievement { font-size: 26px; margin: 8px 0; }
  .description, .criteria { font-size: 14px; max-width: 46em; margin: 8px auto; }
  .meta { margin-top: 28px; font-size: 13px; }
  .revoked { color: #a00; font-weight: 700; }
  .verify { display: flex; align-items: center; justify-content: center; gap: 16px; margin-top: 20px; }
  .verify .qr { width: 30mm; height: 30mm; flex: none; }
  .verify div { text-align: start; }
  .verify p { margin: 4px 0; font-size: 13px; }
  .verify a { color: #2b5d8a; word-break: break-all; }
</style>
</head>
<body>
<main>
  <h1>${html(t('learning:certificate.heading'))}</h1>
  <p>${html(t('learning:certificate.certifies'))}</p>
  <p class="recipient">${html(recipient)}</p>
  <p>${html(t('learning:certificate.earned'))}</p>
  <p class="achievement">${html(achievement.name ?? '')}</p>
  <p class="description">${html(achievement.description ?? '')}</p>
  <p class="criteria">${html(achievement.criteria?.narrative ?? '')}</p>
  ${revoked}
  <p class="meta">${html(t('learning:certificate.issuedBy', { issuer: c.issuer?.name ?? '', date: issued }))}</p>
  <div class="verify">
    ${qr}
    <div>
      <p>${html(t('learning:certificate.scan'))}</p>
      <p>${html(t('learning:certificate.verifyAt'))} <a href="${html(verifyUrl)}" dir="ltr">${html(shortLink)}</a></p>
    </div>
  </div>
</main>
</body>
</html>`;
}
