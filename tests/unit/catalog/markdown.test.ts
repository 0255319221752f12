import { renderMarkdown } from '../../../server/modules/catalog/markdown';

describe('renderMarkdown', () => {
  it('renders Markdown in any script', () => {
    expect(renderMarkdown('## العنوان\n\n- **жирный**\n- 链接 https://example.org')).toBe(
      '<h2>العنوان</h2>\n<ul>\n<li><strong>жирный</strong></li>\n<li>链接 <a href="https://example.org" rel="noopener noreferrer nofollow">https://example.org</a></li>\n</ul>\n',
    );
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '![x](javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '<iframe src="https://evil.test"></iframe>',
  ])('neutralizes %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(
      /<(script|iframe)|<img[^>]*onerror|<a[^>]*href="(javascript|data):|<img[^>]*src="javascript:/i,
    );
  });
});
