import { createMarkdownRenderer } from '../../shared/markdown';

/** Markdown (stored as written) → safe HTML: course text keeps images, top headings and aligned cells. */
export const renderMarkdown = createMarkdownRenderer({
  breaks: false,
  linkRel: 'noopener noreferrer nofollow',
  images: true,
  alignedCells: true,
  demoteHeadings: false,
});
