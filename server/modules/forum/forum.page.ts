import { createHash } from 'node:crypto';
import { textDirection } from '../../shared/i18n';
import { pickText } from '../../shared/localized';
import type { Translate } from './forum.presenter';
import type { ThreadPage } from './forum.service';
import type { Post } from './post.repository';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

// Logical properties (inline-start, padding-inline) so one sheet serves rtl and ltr blocks.
const STYLE = `
body { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans CJK SC", sans-serif;
       margin: 0 auto; max-width: 46rem; padding: 1rem; color: #1d2a3a; line-height: 1.6; }
header p { margin: 0; color: #56657a; font-size: .9rem; }
article { border-block-end: 1px solid #d8dee6; padding-block: .75rem; text-align: start; }
article footer { color: #56657a; font-size: .8rem; }
figure { margin: .5rem 0; padding-inline-start: .75rem; border-inline-start: 3px solid #9fb3c8;
         width: fit-content; max-width: 100%; }
figcaption { font-size: .8rem; color: #56657a; }
blockquote { margin: 0; color: #37475a; text-align: start; }
nav a { display: inline-block; margin-block: 1rem; }
`;

/** The CSP of the page: nothing but this exact style sheet (no script, image, frame or form). */
export const THREAD_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A thread as a self-contained HTML page, what search engines and clients without JavaScript
 * read: chrome in the reader's language (`locale`), each post and each quote with its own
 * `lang` and `dir`, so an English quote inside an Arabic post renders left-to-right. Post HTML
 * is the stored sanitized render (markup allow-listed, bidi controls removed at write time).
 */
export function renderThreadPage(page: ThreadPage, locale: string, t: Translate, nextHref: string | null) {
  const { thread, category } = page;
  const categoryTitle = pickText(category.title, locale, category.defaultLanguage);
  const replies = t('forum:replies', { count: Math.max(0, thread.postCount - 1) });
  const next = nextHref
    ? `<nav><a href="${escapeHtml(nextHref)}" rel="next">${escapeHtml(t('forum:page.next'))}</a></nav>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(locale)}" dir="${textDirection(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(thread.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p lang="${escapeHtml(categoryTitle?.lang ?? category.defaultLanguage)}" dir="auto">${escapeHtml(categoryTitle?.value ?? category.key)}</p>
<h1 lang="${escapeHtml(thread.lang)}" dir="${textDirection(thread.lang)}">${escapeHtml(thread.title)}</h1>
<p>${escapeHtml(replies)}</p>
</header>
<main>
${page.posts.items.map((p) => renderPost(p, locale, t, page.likes.get(p.id) ?? 0)).join('\n')}
</main>
${next}
</body>
</html>`;
}

function renderPost(p: Post, locale: string, t: Translate, likes: number): string {
  // The frame follows the post (its bar on the post's start side); the quoted text keeps its own direction.
  const quote = p.quote
    ? `<figure>
<figcaption lang="${escapeHtml(locale)}" dir="${textDirection(locale)}">${escapeHtml(t('forum:page.quoting'))}</figcaption>
<blockquote lang="${escapeHtml(p.quote.lang)}" dir="${textDirection(p.quote.lang)}">${p.quote.html}</blockquote>
</figure>`
    : '';
  const at = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  return `<article id="post-${p.id}" lang="${escapeHtml(p.lang)}" dir="${p.dir}">
${quote}
${p.html}
<footer lang="${escapeHtml(locale)}" dir="${textDirection(locale)}"><time datetime="${p.createdAt.toISOString()}">${escapeHtml(at.format(p.createdAt))}</time> · ${escapeHtml(t('forum:page.likes', { count: likes }))}</footer>
</article>`;
}
