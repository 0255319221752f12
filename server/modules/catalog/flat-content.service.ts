import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { ContentChanges, ContentRepository, NewContent } from './content.repository';
import {
  type ContentDeps,
  draftFields,
  type ListParams,
  listPage,
  loadForAuthoring,
  loadVisible,
  mutate,
  requireSourceText,
  transition,
  translationChanges,
} from './content.service';
import type { ContentBase, LocalizedMap, TranslationState } from './content.types';
import { mergeLocalized, touchedLanguages } from './localized-map';
import { canWriteLanguage, isEditorial, type Transition } from './workflow';

/** A content item whose translatable texts are top-level maps (resources, credentials). */
export type FlatContent = ContentBase & { title: LocalizedMap };

/** A new item's fields (all but the workflow and translation bookkeeping). */
type CreateInput = { slug: string; sourceLanguage: string; title: LocalizedMap } & Record<string, unknown>;
type Patch = { version: number } & Record<string, unknown>;
/** One language's texts (`field → text`), an optional edition file and the status. */
export type FlatTranslation = {
  version?: number | undefined;
  status: TranslationState;
  file?: string | undefined;
} & Record<string, unknown>;

export interface FlatContentConfig<T extends FlatContent> {
  readonly repo: ContentRepository<T>;
  /** Translatable text fields, e.g. ['title', 'abstract']. */
  readonly textFields: readonly (keyof T & string)[];
  /** A per-language file map edited with the texts (a resource's editions), if any. */
  readonly fileField?: keyof T & string;
  /** Cross-item checks on written values (e.g. required courses exist). */
  readonly check?: (values: Partial<T>) => Promise<void>;
}

/** Reads, authoring, translation and workflow for a kind with flat translatable fields. */
export function createFlatContentService<T extends FlatContent>(
  config: FlatContentConfig<T>,
  deps: ContentDeps,
) {
  const { repo, textFields, fileField } = config;
  const textsOf = (item: T, lang: string) => textFields.map((f) => (item[f] as LocalizedMap)[lang]);
  const isMap = (key: string) => (textFields as readonly string[]).includes(key) || key === fileField;
  return {
    /** A page of items matching `filter`. */
    list: (
      actor: Actor | undefined,
      params: ListParams,
      filter: Record<string, unknown>,
      sortLanguage: string,
    ) => listPage(repo, actor, params, filter, sortLanguage),

    /** One item if visible to the actor, else 404. */
    get: (actor: Actor | undefined, slug: string) => loadVisible(repo, actor, slug),

    /** Every language of one item, for authors, translators and editors. */
    getForAuthoring: (actor: Actor | undefined, slug: string) => loadForAuthoring(repo, actor, slug),

    /** Creates a draft owned by the actor. */
    async create(actor: Actor, input: CreateInput) {
      const draft = draftFields(input, actor);
      await config.check?.(input as Partial<T>);
      const created = await repo.insert({ ...input, ...draft } as unknown as NewContent<T>);
      deps.invalidate();
      return created;
    },

    /** Other fields replaced, per-language maps merged; requires the current version. */
    async patch(actor: Actor, slug: string, input: Patch) {
      const { version, ...fields } = input;
      await config.check?.(fields as Partial<T>);
      return mutate(repo, deps, { actor, slug, version }, (item) => {
        const changes: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(fields)) {
          if (value === undefined) continue;
          changes[key] = isMap(key)
            ? mergeLocalized(
                (item as unknown as Record<string, LocalizedMap>)[key] ?? {},
                value as Record<string, string | null>,
              )
            : value;
        }
        requireSourceText((changes.title ?? item.title) as LocalizedMap, item.sourceLanguage);
        const touched = touchedLanguages(
          ...textFields.map((f) => fields[f] as Record<string, unknown> | undefined),
        );
        const after = { ...item, ...changes } as T;
        return {
          ...changes,
          ...translationChanges(item, after, textsOf, touched),
        } as unknown as ContentChanges<T>;
      });
    },

    /** Writes one language's texts (and edition file) with its status. */
    async putTranslation(actor: Actor, slug: string, lang: string, input: FlatTranslation) {
      if (input.status === 'reviewed' && !isEditorial(actor)) throw new AppError('forbidden');
      return mutate(
        repo,
        deps,
        { actor, slug, version: input.version, allowed: canWriteLanguage(lang) },
        (item) => {
          const changes: Record<string, unknown> = {};
          for (const f of textFields) {
            if (typeof input[f] === 'string') changes[f] = { ...(item[f] as LocalizedMap), [lang]: input[f] };
          }
          if (fileField && input.file)
            changes[fileField] = { ...(item[fileField] as LocalizedMap), [lang]: input.file };
          const after = { ...item, ...changes } as T;
          const explicit = { lang, status: input.status };
          return {
            ...changes,
            ...translationChanges(item, after, textsOf, [lang], explicit),
          } as unknown as ContentChanges<T>;
        },
      );
    },

    /** submit / publish / archive. */
    transition: (actor: Actor, slug: string, action: Transition, version?: number) =>
      transition(repo, deps, actor, slug, action, version),
  };
}

export type FlatContentService<T extends FlatContent> = ReturnType<typeof createFlatContentService<T>>;
