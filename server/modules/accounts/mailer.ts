import type { Connection } from 'mongoose';
import nodemailer from 'nodemailer';

/** One outgoing message. Bodies are plain text; the language is recorded for the tests. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly lang: string;
  /** Stable kind, e.g. `verify-email`, `password-reset`, `account-exists`. */
  readonly kind: string;
}

/** The pluggable mail transport. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Collection the development/test transport writes to (tests read it to follow links). */
export const OUTBOX_COLLECTION = 'mail_outbox';

/**
 * Development and test transport: stores each message in `mail_outbox`, so tests (and a
 * developer with a database shell) can read it, across processes. Never used when SMTP is set.
 */
export function createOutboxMailer(connection: Connection): Mailer {
  return {
    async send(message) {
      const db = connection.db;
      if (!db) throw new Error('database not connected');
      await db.collection(OUTBOX_COLLECTION).insertOne({ ...message, createdAt: new Date() });
    },
  };
}

/** Production transport: SMTP through nodemailer (`smtp://user:pass@host:587`, `smtps://…`). */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
