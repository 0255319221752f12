import type { Logger } from 'pino';
import type { NegotiatedLocale, TFunction } from './i18n';

declare global {
  namespace Express {
    interface Request {
      /** Request id, taken from a well-formed X-Request-Id or generated. */
      id: string;
      /** Child logger carrying the request id. */
      log: Logger;
      /** The negotiated locale for messages and content. */
      locale: NegotiatedLocale;
      /** Translator fixed to `locale.locale`. */
      t: TFunction;
    }
  }
}
