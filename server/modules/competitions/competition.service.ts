import { hasRole } from '../../shared/auth';
import { AppError, type FieldIssue } from '../../shared/errors';
import type { AuditLog } from '../audit/audit.repository';
import type { ForumContext } from '../forum/forum.deps';
import type { ForumEventSink } from '../forum/forum.events';
import type { Forum } from '../forum/forum.module';
import type { Criterion } from './competition.model';
import { rankEntries } from './competition.ranking';
import type { Competition, CompetitionRepository, NewCompetition } from './competition.repository';

export interface CompetitionDeps {
  readonly competitions: CompetitionRepository;
  readonly forum: Forum;
  /** The profile audience of a user (eligibility), or null when the user is unknown. */
  readonly audienceOf: (userId: string) => Promise<string | null>;
  readonly audit: AuditLog;
  readonly events: ForumEventSink;
  readonly clock: () => Date;
}

export type NewCompetitionInput = Omit<NewCompetition, 'categoryId' | 'createdBy'>;
export interface EntryInput {
  readonly title: string;
  readonly body: string;
  readonly lang?: string | undefined;
  readonly attachments: readonly string[];
}

/** The teachers' competition: entries are forum threads; jurors score; staff publish results. */
export function createCompetitionService(deps: CompetitionDeps) {
  const audit = (
    ctx: ForumContext,
    action: string,
    targetId: string,
    details: Record<string, string | number> = {},
  ) =>
    deps.audit.append({
      actorId: ctx.actor.userId,
      action,
      targetType: 'competition',
      targetId,
      details,
      requestId: ctx.requestId,
    });

  async function competitionOr404(id: string): Promise<Competition> {
    const competition = await deps.competitions.findById(id);
    if (!competition) throw new AppError('competition_not_found');
    return competition;
  }

  async function checkEligible(ctx: ForumContext, c: Competition): Promise<void> {
    const now = deps.clock();
    if (now < c.opensAt || now >= c.closesAt)
      throw new AppError('competition_window_closed', {
        params: { opensAt: c.opensAt.getTime(), closesAt: c.closesAt.getTime() },
      });
    if (c.audiences.length === 0) return;
    const audience = (await deps.audienceOf(ctx.actor.userId)) ?? 'other';
    if (!c.audiences.includes(audience))
      throw new AppError('competition_not_eligible', { params: { audience } });
  }

  return {
    competitionOr404,
    list: () => deps.competitions.list(),

    /** Creates a competition and its forum category for entries (staff). */
    async create(ctx: ForumContext, input: NewCompetitionInput) {
      const category = await deps.forum.deps.categories.ensure({
        key: `competition-${input.slug}`,
        kind: 'competition',
        scope: input.slug,
        title: input.title,
        description: {},
        defaultLanguage: input.sourceLanguage,
        postingPolicy: 'everyone',
        position: 0,
      });
      const created = await deps.competitions.create({
        ...input,
        categoryId: category.id,
        createdBy: ctx.actor.userId,
      });
      if (!created) throw new AppError('duplicate', { params: { field: 'slug' } });
      await audit(ctx, 'competition.created', created.id, { slug: created.slug });
      return created;
    },

    /** Replaces the jury (staff); jurors score entries of this competition only. */
    async setJury(ctx: ForumContext, id: string, jurors: readonly string[]) {
      const competition = await competitionOr404(id);
      const updated = await deps.competitions.update(competition.id, { jury: [...new Set(jurors)] });
      await audit(ctx, 'competition.jury.set', competition.id, { jurors: jurors.length });
      return updated ?? competition;
    },

    /** Submits the participant's one entry as a thread in the competition's category. */
    async enter(ctx: ForumContext, id: string, input: EntryInput) {
      const competition = await competitionOr404(id);
      await checkEligible(ctx, competition);
      const category = await deps.forum.forum.categoryOr404(competition.categoryId);
      const reserved = await deps.competitions.reserveEntry({
        competitionId: competition.id,
        participantId: ctx.actor.userId,
        title: input.title,
        lang: input.lang ?? competition.sourceLanguage,
      });
      if (!reserved) throw new AppError('competition_entry_exists');
      try {
        const { thread, post } = await deps.forum.forum.openThread(ctx, category, input);
        const entry = (await deps.competitions.attachThread(reserved.id, thread.id, thread.lang)) ?? reserved;
        await deps.events.record({
          id: `competition_entry:${entry.id}`,
          type: 'competition_entry',
          userId: ctx.actor.userId,
          at: entry.createdAt,
          categoryId: category.id,
          lang: thread.lang,
        });
        return { entry, thread, post };
      } catch (err) {
        // The thread could not be written (rate limit, bad attachment): free the one-entry slot.
        await deps.competitions.deleteEntry(reserved.id);
        throw err;
      }
    },

    listEntries: async (id: string) => deps.competitions.listEntries((await competitionOr404(id)).id),

    /** A juror scores an entry once, on every published criterion. */
    async score(
      ctx: ForumContext,
      id: string,
      entryId: string,
      input: { scores: Record<string, number>; comment?: string | undefined },
    ) {
      const competition = await competitionOr404(id);
      if (!competition.jury.includes(ctx.actor.userId)) throw new AppError('competition_not_jury');
      const entry = await deps.competitions.findEntry(competition.id, entryId);
      if (!entry?.threadId) throw new AppError('competition_entry_not_found');
      if (entry.participantId === ctx.actor.userId) throw new AppError('competition_own_entry');
      checkScores(competition.criteria, input.scores);
      const total = Object.values(input.scores).reduce((a, b) => a + b, 0);
      const score = await deps.competitions.addScore({
        competitionId: competition.id,
        entryId: entry.id,
        jurorId: ctx.actor.userId,
        scores: input.scores,
        total,
        comment: input.comment ?? null,
      });
      if (!score) throw new AppError('competition_already_scored');
      await audit(ctx, 'competition.scored', competition.id, { entryId: entry.id });
      return score;
    },

    /** Ranked results: public once published; staff and the jury see them before. */
    async results(actor: ForumContext['actor'] | undefined, id: string) {
      const competition = await competitionOr404(id);
      const insider = hasRole(actor, 'staff') || (!!actor && competition.jury.includes(actor.userId));
      if (!competition.resultsPublishedAt && !insider) throw new AppError('competition_results_unpublished');
      const keys = competition.criteria.map((c) => c.key);
      const [entries, sums] = await Promise.all([
        deps.competitions.listEntries(competition.id),
        deps.competitions.scoreSums(competition.id, keys),
      ]);
      const none = { scoreCount: 0, total: 0, criteriaTotals: {} };
      return {
        competition,
        ranked: rankEntries(entries.map((e) => ({ ...e, ...(sums.get(e.id) ?? none) }))),
      };
    },

    /** Publishes the results (staff; idempotent: the first publication time is kept). */
    async publish(ctx: ForumContext, id: string) {
      const competition = await competitionOr404(id);
      if (competition.resultsPublishedAt) return competition;
      const updated = await deps.competitions.update(competition.id, { resultsPublishedAt: deps.clock() });
      await audit(ctx, 'competition.results.published', competition.id);
      return updated ?? competition;
    },

    /** Records a results export in the audit log (the route streams the CSV). */
    exported: (ctx: ForumContext, id: string) => audit(ctx, 'competition.results.exported', id),
  };
}

/** Every criterion scored once with a whole number in 0..maxScore, and nothing else. */
function checkScores(criteria: readonly Criterion[], scores: Record<string, number>): void {
  const issues: FieldIssue[] = [];
  for (const c of criteria) {
    const v = scores[c.key];
    if (v === undefined || !Number.isInteger(v) || v < 0 || v > c.maxScore)
      issues.push({
        in: 'body',
        path: ['scores', c.key],
        code: 'score_out_of_range',
        params: { max: c.maxScore },
      });
  }
  for (const key of Object.keys(scores))
    if (!criteria.some((c) => c.key === key))
      issues.push({ in: 'body', path: ['scores', key], code: 'unknown_criterion', params: {} });
  if (issues.length > 0) throw new AppError('competition_scores_invalid', { issues });
}

export type CompetitionService = ReturnType<typeof createCompetitionService>;
