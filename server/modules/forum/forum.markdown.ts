import { createMarkdownRenderer, MARKDOWN_RENDERER_VERSION } from '../../shared/markdown';

export { cleanText, plainText } from '../../shared/markdown';

/**
 * Post Markdown → sanitized HTML: no images, headings demoted below the page's, single line
 * breaks kept, and every link `rel="nofollow ugc noopener"` (user-generated content).
 */
export const renderPost = createMarkdownRenderer({
  breaks: true,
  linkRel: 'nofollow ugc noopener',
  images: false,
  alignedCells: false,
  demoteHeadings: true,
});

/** The version stamped on stored renders; a post rendered with another one is re-rendered on read. */
export const RENDER_VERSION = MARKDOWN_RENDERER_VERSION;
