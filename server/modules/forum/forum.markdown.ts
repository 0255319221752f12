import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069) let a post flip the order
// of the text around it ("txt.exe" shown as "exe.txt"); they are removed from stored source.
// U+200E/U+200F (marks) stay: they only affect neutral characters and Arabic writers use them.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// Control characters (C0, DEL, C1) other than tab and line breaks.
const CONTROL_CHARS = /\p{Cc}/gu;
const KEPT_CONTROLS = new Set(['\t', '\n', '\r']);

// Raw HTML is never rendered (html: false); sanitize-html then enforces an allow-list on what
// markdown-it produced, so no script, event handler, style or javascript: URL survives.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'hr',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
    // Headings 1–2 belong to the page, not to a post.
    h1: 'h3',
    h2: 'h4',
  },
};

/** Removes characters that must never be stored in user text (bidi overrides, C0 controls). */
export function cleanText(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROL_CHARS, (c) => (KEPT_CONTROLS.has(c) ? c : ''))
    .normalize('NFC');
}

/** Post Markdown (already cleaned) → sanitized HTML; links get rel="nofollow ugc noopener". */
export function renderPost(source: string): string {
  return sanitizeHtml(md.render(source), SANITIZE);
}

/** Plain text of a post (for search and notification excerpts): HTML stripped. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
