import type { Actor } from '../../shared/auth';
import { AppError, type FieldIssue, isAppError } from '../../shared/errors';
import type { ContentChanges, ContentRepository } from './content.repository';
import type { ContentBase, LocalizedMap, PublicationState, TranslationState } from './content.types';
import { reviewedLanguages as reviewed, statusAfterEdit, textsDiffer } from './translation';
import { canEdit, canTranslate, canView, isEditorial, nextState, type Transition } from './workflow';

/** What every content service needs besides its repository. */
export interface ContentDeps {
  /** Called after every successful write (drops cached public pages). */
  readonly invalidate: () => void;
  readonly clock: () => Date;
}

/** Lists the item's translatable texts in one language, aligned by position across languages. */
export type TextsOf<T> = (item: T, lang: string) => (string | undefined)[];

/** Loads a visible item or 404 (drafts of others are not revealed). */
export async function loadVisible<T extends ContentBase>(
  repo: ContentRepository<T>,
  actor: Actor | undefined,
  slug: string,
): Promise<T> {
  const item = await repo.findBySlug(slug);
  if (!item || !canView(actor, item)) {
    throw new AppError('not_found', { params: { resource: repo.kind }, extensions: { kind: repo.kind } });
  }
  return item;
}

/** Every language of one item (quiz answers included) for those who may translate it; else 403. */
export async function loadForAuthoring<T extends ContentBase>(
  repo: ContentRepository<T>,
  actor: Actor | undefined,
  slug: string,
): Promise<T> {
  const item = await loadVisible(repo, actor, slug);
  if (!canTranslate(actor, item)) throw new AppError('forbidden');
  return item;
}

/** What every new item starts with: a source-language title (else 400), statuses, a draft owned by the actor. */
export function draftFields(input: { title: Record<string, string>; sourceLanguage: string }, actor: Actor) {
  requireSourceText(input.title, input.sourceLanguage);
  const translationStatus = initialStatus(input.title, input.sourceLanguage);
  return {
    translationStatus,
    reviewedLanguages: reviewed(translationStatus, input.sourceLanguage),
    state: 'draft' as const,
    authorId: actor.userId,
    publishedAt: null,
  };
}

/**
 * One version-checked write: load → check → compute → conditional update. With an explicit
 * `version` a stale one is a 409; without, a concurrent write is retried on fresh data.
 */
export async function mutate<T extends ContentBase>(
  repo: ContentRepository<T>,
  deps: ContentDeps,
  args: {
    actor: Actor | undefined;
    slug: string;
    version?: number | undefined;
    allowed?: (actor: Actor | undefined, item: T) => boolean;
  },
  compute: (item: T) => ContentChanges<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const item = await loadVisible(repo, args.actor, args.slug);
    if (!(args.allowed ?? canEdit)(args.actor, item)) throw new AppError('forbidden');
    if (args.version !== undefined && args.version !== item.version) throw versionConflict(item.version);
    try {
      const updated = await repo.update(args.slug, item.version, compute(item));
      deps.invalidate();
      return updated;
    } catch (err) {
      const retry = args.version === undefined && attempt < 3;
      if (!(retry && isAppError(err) && err.code === 'version_conflict')) throw err;
    }
  }
}

/** The 409 for a stale version, carrying the current one. */
export function versionConflict(currentVersion: number): AppError {
  return new AppError('version_conflict', { params: { currentVersion }, extensions: { currentVersion } });
}

/**
 * Translation bookkeeping for an edit from `before` to `after`: a changed source text makes
 * other languages stale; `touched` languages without a status become drafts.
 */
export function translationChanges<T extends ContentBase>(
  before: T,
  after: T,
  textsOf: TextsOf<T>,
  touched: readonly string[],
  explicit?: { lang: string; status: TranslationState },
): Pick<ContentBase, 'translationStatus' | 'reviewedLanguages'> {
  const source = before.sourceLanguage;
  const sourceChanged = textsDiffer(textsOf(before, source), textsOf(after, source));
  const translationStatus = statusAfterEdit(before, { sourceChanged, touched }, explicit);
  return { translationStatus, reviewedLanguages: reviewed(translationStatus, source) };
}

/** submit / publish / archive, checked against the workflow; stamps publishedAt on publish. */
export function transition<T extends ContentBase>(
  repo: ContentRepository<T>,
  deps: ContentDeps,
  actor: Actor | undefined,
  slug: string,
  action: Transition,
  version?: number,
): Promise<T> {
  return mutate(repo, deps, { actor, slug, version, allowed: () => true }, (item) => {
    const state = nextState(action, actor, item);
    return (state === 'published' ? { state, publishedAt: deps.clock() } : { state }) as ContentChanges<T>;
  });
}

/** A 400 for a new item whose title lacks its source language. */
export function requireSourceText(title: Record<string, string>, sourceLanguage: string): void {
  if (title[sourceLanguage]) return;
  const issue: FieldIssue = {
    in: 'body',
    path: ['title', sourceLanguage],
    code: 'source_text_required',
    params: { lang: sourceLanguage },
  };
  throw new AppError('validation_failed', { issues: [issue] });
}

/** Initial translation status: source reviewed, every other language with a title a draft. */
export function initialStatus(
  title: Record<string, string>,
  sourceLanguage: string,
  given: Record<string, TranslationState> = {},
): Record<string, TranslationState> {
  const status: Record<string, TranslationState> = {};
  for (const lang of Object.keys(title)) status[lang] = given[lang] ?? 'draft';
  return { ...status, ...given, [sourceLanguage]: 'reviewed' };
}

/** The list parameters every content list takes. */
export interface ListParams {
  readonly state: PublicationState;
  readonly page: number;
  readonly pageSize: number;
  readonly sort: string;
}

/**
 * One page of items matching `filter`: published for everyone; other states for editors, or
 * the author's own. `newest` sorts in the database; `title` in code with the reader's collator
 * (no collation in the envelope; catalog lists are small).
 */
export async function listPage<T extends ContentBase & { title: LocalizedMap }>(
  repo: ContentRepository<T>,
  actor: Actor | undefined,
  params: ListParams,
  filter: Record<string, unknown>,
  sortLanguage: string,
  exclude: readonly string[] = [],
): Promise<{ items: T[]; total: number }> {
  const query: Record<string, unknown> = { ...filter, state: params.state };
  if (params.state !== 'published') {
    if (!actor) throw new AppError('unauthenticated');
    if (!isEditorial(actor)) query.authorId = actor.userId;
  }
  const skip = (params.page - 1) * params.pageSize;
  if (params.sort === 'title') {
    const all = await repo.find(query, { exclude });
    const collator = new Intl.Collator(sortLanguage);
    const title = (c: T) => c.title[sortLanguage] ?? c.title[c.sourceLanguage] ?? c.slug;
    all.sort((a, b) => collator.compare(title(a), title(b)));
    return { items: all.slice(skip, skip + params.pageSize), total: all.length };
  }
  const sort = { publishedAt: -1 as const, createdAt: -1 as const };
  const [items, total] = await Promise.all([
    repo.find(query, { exclude, sort, skip, limit: params.pageSize }),
    repo.count(query),
  ]);
  return { items, total };
}
