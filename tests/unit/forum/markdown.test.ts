import { cleanText, plainText, renderPost } from '../../../server/modules/forum/forum.markdown';
import { cleanTitle } from '../../../server/modules/forum/forum.service';
import { unsafeIn, XSS_PAYLOADS } from './xss-corpus';

const render = (source: string) => renderPost(cleanText(source));

describe('forum Markdown rendering', () => {
  it('has a corpus of at least 30 payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(30);
  });

  it('uses a checker that does catch unsafe HTML', () => {
    expect(unsafeIn('<img src=x onerror=alert(1)>')).toBe('tag img');
    expect(unsafeIn('<a href="javascript:alert(1)">x</a>')).toBe('href javascript:alert(1)');
    expect(unsafeIn('<p onclick="x">y</p>')).toBe('attribute onclick');
    expect(unsafeIn('a\u202Eb')).toBe('bidi control');
    expect(unsafeIn('<p>&lt;script&gt;</p>')).toBeNull();
  });

  it.each(XSS_PAYLOADS.map((p) => [p]))('neutralizes %j', (payload) => {
    const html = render(payload);
    expect(unsafeIn(html)).toBeNull();
    expect(unsafeIn(render(`Intro text\n\n> ${payload}\n\n- ${payload}`))).toBeNull();
    expect(cleanTitle(payload)).not.toMatch(/[<>\u202A-\u202E\u2066-\u2069]/);
  });

  it('keeps ordinary formatting and marks links nofollow ugc noopener', () => {
    const html = render('**bold** _em_ [site](https://example.org/a?b=1) `code`');
    expect(html).toBe(
      '<p><strong>bold</strong> <em>em</em> <a href="https://example.org/a?b=1" rel="nofollow ugc noopener">site</a> <code>code</code></p>\n',
    );
    expect(render('https://example.org')).toContain('rel="nofollow ugc noopener"');
  });

  it('keeps Arabic, Russian and Chinese text and the directional marks writers use', () => {
    expect(render('مرحبا **بكم**\u200F')).toBe('<p>مرحبا <strong>بكم</strong>\u200F</p>\n');
    expect(render('Привет, *коллеги*')).toBe('<p>Привет, <em>коллеги</em></p>\n');
    expect(render('你好，世界')).toBe('<p>你好，世界</p>\n');
  });

  it('demotes page-level headings and strips control characters', () => {
    expect(render('# Title')).toBe('<h3>Title</h3>\n');
    expect(cleanText('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
  });

  it('gives plain text for search and excerpts', () => {
    expect(plainText(render('**a** < b & [c](https://x.org)'))).toBe('a < b & c');
  });
});
