import { renderMarkdown } from '../../../server/modules/catalog/markdown';
import { renderPost } from '../../../server/modules/forum/forum.markdown';
import { createMarkdownRenderer } from '../../../server/shared/markdown';
import { unsafeIn, XSS_PAYLOADS } from './xss-corpus';

// Course text may carry images and aligned table cells; drop exactly those before the forum's checker.
const withoutCourseExtras = (html: string) =>
  html
    .replace(/<img src="https?:[^"<>]*"( alt="[^"<>]*")?( title="[^"<>]*")? \/?>/g, '')
    .replace(/ style="text-align:(left|right|center)"/g, '');

describe('the shared Markdown renderer', () => {
  it.each(XSS_PAYLOADS.map((p) => [p]))('course profile neutralizes %j', (payload) => {
    expect(unsafeIn(withoutCourseExtras(renderMarkdown(payload)))).toBeNull();
    expect(unsafeIn(withoutCourseExtras(renderMarkdown(`| a |\n|--:|\n| ${payload} |`)))).toBeNull();
  });

  it('keeps what differs between the profiles as options', () => {
    const source = '# Title\nline one\nline two ![pic](https://example.org/p.png)';
    expect(renderMarkdown(source)).toBe(
      '<h1>Title</h1>\n<p>line one\nline two <img src="https://example.org/p.png" alt="pic" /></p>\n',
    );
    expect(renderPost(source)).toBe(
      '<h3>Title</h3>\n<p>line one<br />\nline two <a href="https://example.org/p.png" rel="nofollow ugc noopener">pic</a></p>\n',
    );
    expect(renderPost('![x](data:image/png;base64,AAAA)')).toBe(
      '<p><a rel="nofollow ugc noopener">x</a></p>\n',
    );
  });

  it('removes bidi overrides in every profile and puts the configured rel on links', () => {
    const render = createMarkdownRenderer({
      breaks: false,
      linkRel: 'nofollow',
      images: false,
      alignedCells: false,
      demoteHeadings: false,
    });
    expect(render('[a\u202Eb](https://example.org)')).toBe(
      '<p><a href="https://example.org" rel="nofollow">ab</a></p>\n',
    );
    expect(renderMarkdown('x\u202Ey')).toBe('<p>xy</p>\n');
  });
});
