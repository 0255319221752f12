/**
 * The error taxonomy. Every code has a fixed HTTP status and a localized title and detail in
 * locales/<lng>/errors.json under the same key. Services throw AppError; they never import
 * Express. Add a code here and its messages in all four locales (a unit test checks both).
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_language: 400,
  invalid_id: 400,
  malformed_multipart: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  forbidden: 403,
  csrf_failed: 403,
  scope_not_held: 403,
  not_found: 404,
  route_not_found: 404,
  file_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  duplicate: 409,
  idempotency_key_reused: 409,
  version_conflict: 409,
  invalid_state_transition: 409,
  payload_too_large: 413,
  file_too_large: 413,
  unsupported_media_type: 415,
  file_type_not_allowed: 415,
  file_type_mismatch: 415,
  range_not_satisfiable: 416,
  uri_too_long: 414,
  headers_too_large: 431,
  malformed_request: 400,
  // learning (enrolment, progress, credentials)
  course_not_found: 404,
  cohort_not_found: 404,
  enrolment_not_found: 404,
  credential_not_found: 404,
  course_archived: 409,
  cohort_full: 409,
  enrolment_closed: 409,
  enrolment_not_active: 409,
  quiz_attempts_exhausted: 409,
  credential_already_revoked: 409,
  // forum and competitions
  forum_category_not_found: 404,
  forum_thread_not_found: 404,
  forum_post_not_found: 404,
  forum_attachment_not_found: 400,
  forum_posting_not_allowed: 403,
  forum_thread_locked: 409,
  competition_not_found: 404,
  competition_entry_not_found: 404,
  competition_not_eligible: 403,
  competition_not_jury: 403,
  competition_window_closed: 409,
  competition_entry_exists: 409,
  competition_own_entry: 409,
  competition_already_scored: 409,
  competition_scores_invalid: 400,
  competition_results_unpublished: 409,
  rate_limited: 429,
  internal: 500,
  database_unavailable: 503,
  not_ready: 503,
  search_unavailable: 503,
  stats_invalid_range: 400,
  stats_range_too_long: 400,
  stats_unknown_metric: 400,
  stats_unknown_dimension: 400,
  stats_too_many_dimensions: 400,
  stats_metric_dimensions: 400,
  stats_period_unsupported: 400,
  stats_range_misaligned: 400,
  stats_unknown_region: 400,
  event_not_found: 404,
  event_series_not_found: 404,
  event_credit_invalid: 400,
  event_cancelled: 409,
  event_full: 409,
  registrant_not_found: 404,
  import_not_found: 404,
  import_encoding_invalid: 400,
  import_csv_malformed: 400,
  import_columns_missing: 400,
  import_file_empty: 400,
  import_in_progress: 409,
  import_mapping_changed: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem in a request, as listed in a validation_failed response. */
export interface FieldIssue {
  /** Where the problem is: `body`, `query`, `params` or `headers`, then the path inside it. */
  readonly in: 'body' | 'query' | 'params' | 'headers';
  readonly path: readonly (string | number)[];
  /** A stable machine code (zod's issue code, e.g. `invalid_type`, `too_small`). */
  readonly code: string;
  /** Parameters for the localized message (expected type, minimum, allowed values …). */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface AppErrorOptions {
  /** Interpolation values for the localized title/detail. Never put personal data here. */
  readonly params?: Readonly<Record<string, string | number>>;
  readonly issues?: readonly FieldIssue[];
  /** Seconds a client should wait before retrying (sent as Retry-After). */
  readonly retryAfterSeconds?: number;
  /** Extra machine-readable members for the problem body (e.g. `currentVersion`). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** A failure with a stable code that the error mapper turns into problem+json. */
export class AppError extends Error {
  readonly status: number;
  readonly params: Readonly<Record<string, string | number>>;
  readonly issues: readonly FieldIssue[];
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(code, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.params = options.params ?? {};
    this.issues = options.issues ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions ?? {};
  }
}

/** Type guard for AppError. */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
