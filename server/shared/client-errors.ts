import type { Server } from 'node:http';
import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_STATUS } from './errors';
import { loadLocaleResources, textDirection } from './i18n';
import { PROBLEM_TYPE_PREFIX } from './problem';

type Resources = Record<string, { title?: string; detail?: string } | undefined>;

/**
 * Answers requests Node's HTTP parser rejects before Express sees them (headers over
 * `maxHeaderSize` → 431, unparsable request → 400) with a problem+json body like every other
 * error, instead of Node's empty response. The request's headers could not be read, so the
 * body is in the server's default language.
 */
export function answerClientErrors(server: Server, locale: string): void {
  const errors = (loadLocaleResources(locale).errors ?? {}) as Resources;
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    const code = problemCodeFor(err.code);
    if (!code || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify({
      type: `${PROBLEM_TYPE_PREFIX}${code}`,
      title: errors[code]?.title ?? code,
      status: ERROR_STATUS[code],
      detail: (errors[code]?.detail ?? '').replaceAll('{{max}}', String(maxHeaderSize)),
      instance: requestPath(err.rawPacket),
      code,
      lang: locale,
      dir: textDirection(locale),
    });
    socket.end(
      `HTTP/1.1 ${ERROR_STATUS[code]} ${code === 'headers_too_large' ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}

/** Our problem code for a parser error code; undefined for errors that deserve no answer (resets). */
function problemCodeFor(code: string | undefined): 'headers_too_large' | 'malformed_request' | undefined {
  if (code === 'HPE_HEADER_OVERFLOW') return 'headers_too_large';
  if (code?.startsWith('HPE_')) return 'malformed_request';
  return undefined;
}

/** The path of the request line in the bytes the parser saw (no query: it may hold personal data). */
function requestPath(raw: Buffer | undefined): string {
  const target = raw?.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0]?.split(' ')[1] ?? '';
  const path = target.split('?', 1)[0] ?? '';
  return path.startsWith('/') ? path.slice(0, 200) : '/';
}
