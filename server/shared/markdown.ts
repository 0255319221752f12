import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Bump when the output of a profile changes (allow-list, markdown-it options, link rel): stored
 * renders carry the version they were made with and are re-rendered lazily when it differs.
 */
export const MARKDOWN_RENDERER_VERSION = 2;

// Bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069) let text flip the order of
// what surrounds it ("txt.exe" shown as "exe.txt", "Trojan Source"); they never reach storage.
// U+200E/U+200F (marks) stay: they only affect neutral characters and Arabic writers use them.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// Control characters (C0, DEL, C1) other than tab and line breaks.
const CONTROL_CHARS = /\p{Cc}/gu;
const KEPT_CONTROLS = new Set(['\t', '\n', '\r']);

/** What differs between the places that render Markdown. */
export interface MarkdownOptions {
  /** Single line breaks become `<br>` (forum posts are typed like chat; course text is not). */
  readonly breaks: boolean;
  /** `rel` put on every link. */
  readonly linkRel: string;
  /** Images (`<img src alt title>`, http/https only); forum posts have none. */
  readonly images: boolean;
  /** Table cell alignment (`style="text-align:…"` on th/td), which Markdown tables produce. */
  readonly alignedCells: boolean;
  /** h1/h2 become h3/h4 when the surrounding page owns the top headings. */
  readonly demoteHeadings: boolean;
}

const BASE_TAGS = [
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
];

function sanitizeOptions(o: MarkdownOptions): sanitizeHtml.IOptions {
  const cells = o.alignedCells ? ['style'] : [];
  return {
    allowedTags: [...BASE_TAGS, ...(o.images ? ['img'] : []), ...(o.demoteHeadings ? [] : ['h1', 'h2'])],
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      ol: ['start'],
      ...(o.images ? { img: ['src', 'alt', 'title'] } : {}),
      ...(o.alignedCells ? { th: cells, td: cells } : {}),
    },
    allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: o.images ? { img: ['http', 'https'] } : {},
    allowProtocolRelative: false,
    disallowedTagsMode: 'escape',
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: o.linkRel }),
      // Without images, a Markdown image becomes a link to it (the scheme check still applies).
      ...(o.images ? {} : { img: (_tag, attribs) => imageAsLink(attribs, o.linkRel) }),
      ...(o.demoteHeadings ? { h1: 'h3', h2: 'h4' } : {}),
    },
  };
}

function imageAsLink(attribs: sanitizeHtml.Attributes, rel: string): sanitizeHtml.Tag {
  const src = attribs.src ?? '';
  return { tagName: 'a', attribs: { href: src, rel }, text: attribs.alt || src };
}

/**
 * A Markdown → sanitized HTML function. Raw HTML is never rendered (markdown-it `html: false`);
 * sanitize-html then enforces an allow-list on what markdown-it produced, so no script, event
 * handler or javascript:/data: URL survives. Bidi controls are removed from the source first.
 */
export function createMarkdownRenderer(options: MarkdownOptions): (source: string) => string {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: options.breaks });
  const sanitize = sanitizeOptions(options);
  return (source) => sanitizeHtml(md.render(cleanText(source)), sanitize);
}

/** Removes characters that must never be stored in user text (bidi overrides, C0 controls). */
export function cleanText(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROL_CHARS, (c) => (KEPT_CONTROLS.has(c) ? c : ''))
    .normalize('NFC');
}

/** Plain text of rendered HTML (search documents, excerpts): tags stripped, spaces collapsed. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
