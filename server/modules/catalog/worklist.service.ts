import type { Actor } from '../../shared/auth';
import type { ContentRepository } from './content.repository';
import type { ContentBase, ContentKind, LocalizedMap } from './content.types';
import type { Course } from './course.model';
import { courseTexts } from './course.translation';
import type { CredentialDefinition } from './credential.model';
import type { Resource } from './resource.model';
import { countMissing, type WorklistReason, worklistReason } from './translation';
import { canView } from './workflow';

/** One item a translator into `lang` should look at. */
export interface WorklistEntry {
  readonly kind: ContentKind;
  readonly slug: string;
  readonly title: LocalizedMap;
  readonly sourceLanguage: string;
  readonly state: ContentBase['state'];
  readonly status: string | null;
  readonly reason: WorklistReason;
  /** Source texts with no text in `lang` yet, out of `totalTexts`. */
  readonly missingTexts: number;
  readonly totalTexts: number;
  readonly version: number;
  readonly updatedAt: Date;
}

const REASON_ORDER: Record<WorklistReason, number> = { stale: 0, missing: 1, draft: 2 };
const ACTIVE = { state: { $in: ['draft', 'in_review', 'published'] } };

type Texts<T> = (item: T, lang: string) => (string | undefined)[];

/** The translation worklist: what is missing, draft or stale in a language, across the catalog. */
export function createWorklistService(deps: {
  courses: ContentRepository<Course>;
  resources: ContentRepository<Resource>;
  credentials: ContentRepository<CredentialDefinition>;
}) {
  const entries = async <T extends ContentBase & { title: LocalizedMap }>(
    repo: ContentRepository<T>,
    texts: Texts<T>,
    lang: string,
    actor: Actor,
  ): Promise<WorklistEntry[]> => {
    const out: WorklistEntry[] = [];
    for (const item of await repo.find(ACTIVE)) {
      if (!canView(actor, item)) continue;
      const source = texts(item, item.sourceLanguage);
      const missingTexts = countMissing(source, texts(item, lang));
      const reason = worklistReason(item.translationStatus, item.sourceLanguage, lang, missingTexts);
      if (!reason) continue;
      out.push({
        kind: repo.kind,
        slug: item.slug,
        title: item.title,
        sourceLanguage: item.sourceLanguage,
        state: item.state,
        status: item.translationStatus[lang] ?? null,
        reason,
        missingTexts,
        totalTexts: source.filter(Boolean).length,
        version: item.version,
        updatedAt: item.updatedAt,
      });
    }
    return out;
  };
  return {
    /** What the actor may see, stale first, then missing, then draft; published first; by slug. */
    async list(actor: Actor, lang: string, page: { page: number; pageSize: number }, kind?: ContentKind) {
      const wanted = (k: ContentKind) => kind === undefined || kind === k;
      const all = [
        ...(wanted('course') ? await entries(deps.courses, courseTexts, lang, actor) : []),
        ...(wanted('resource')
          ? await entries(deps.resources, (r, l) => [r.title[l], r.abstract[l]], lang, actor)
          : []),
        ...(wanted('credential')
          ? await entries(
              deps.credentials,
              (c, l) => [c.title[l], c.description[l], c.criteria[l]],
              lang,
              actor,
            )
          : []),
      ];
      all.sort(
        (a, b) =>
          REASON_ORDER[a.reason] - REASON_ORDER[b.reason] ||
          Number(b.state === 'published') - Number(a.state === 'published') ||
          a.slug.localeCompare(b.slug),
      );
      const skip = (page.page - 1) * page.pageSize;
      return { items: all.slice(skip, skip + page.pageSize), total: all.length };
    },
  };
}

export type WorklistService = ReturnType<typeof createWorklistService>;
