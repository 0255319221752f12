import { type Actor, hasRole } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { LocalizedText } from '../../shared/localized';
import { requireSourceText } from '../catalog/content.service';
import type { Credit, GatheringKind, GatheringStatus, Venue } from './gathering.model';
import type { Gathering, GatheringPatch, GatheringRepository, Series } from './gathering.repository';
import type { RegistrationRepository } from './registration.repository';

/** An event as staff send it (validated at the edge). */
export interface GatheringInput {
  readonly kind: GatheringKind;
  readonly title: LocalizedText;
  readonly description?: LocalizedText | undefined;
  readonly seriesId?: string | null | undefined;
  readonly startsAt: Date;
  readonly timeZone: string;
  readonly durationMinutes: number;
  readonly venue: Venue;
  readonly language: string;
  readonly partners?: readonly string[] | undefined;
  readonly capacity?: number | null | undefined;
  readonly status?: GatheringStatus | undefined;
  readonly credit?: Credit | null | undefined;
}

/** An event with its live figures (counted from the unique records, never from counters). */
export interface GatheringView {
  readonly event: Gathering;
  readonly series: Series | null;
  readonly registrations: number;
  readonly attendance: number;
}

export interface GatheringDeps {
  readonly gatherings: GatheringRepository;
  readonly registrations: RegistrationRepository;
  /** True when the course exists and has this lesson (the credit target). */
  readonly lessonExists: (course: string, lesson: string) => Promise<boolean>;
}

/** Events and series: staff create and edit; everyone reads published events. */
export function createGatheringService(deps: GatheringDeps) {
  const { gatherings, registrations } = deps;

  async function checkRefs(input: Partial<GatheringInput>): Promise<void> {
    if (input.seriesId && !(await gatherings.findSeries(input.seriesId)))
      throw new AppError('event_series_not_found', { params: { id: input.seriesId } });
    if (input.credit && !(await deps.lessonExists(input.credit.course, input.credit.lesson)))
      throw new AppError('event_credit_invalid', {
        params: { course: input.credit.course, lesson: input.credit.lesson },
      });
  }

  async function view(event: Gathering): Promise<GatheringView> {
    const [series, count, attended] = await Promise.all([
      event.seriesId ? gatherings.findSeries(event.seriesId) : null,
      registrations.countByEvent(event.id),
      registrations.countAttendance(event.id),
    ]);
    return { event, series, registrations: count, attendance: attended };
  }

  /** The event, if the actor may see it: drafts are staff-only (404 for others). */
  async function visible(actor: Actor | undefined, id: string): Promise<Gathering> {
    const event = await gatherings.findById(id);
    if (!event || (event.status === 'draft' && !hasRole(actor, 'staff')))
      throw new AppError('event_not_found', { params: { id } });
    return event;
  }

  return {
    visible,
    async create(actor: Actor, input: GatheringInput): Promise<GatheringView> {
      requireSourceText(input.title, input.language);
      await checkRefs(input);
      const event = await gatherings.create({
        kind: input.kind,
        title: input.title,
        description: input.description ?? {},
        seriesId: input.seriesId ?? null,
        startsAt: input.startsAt,
        timeZone: input.timeZone,
        durationMinutes: input.durationMinutes,
        venue: input.venue,
        language: input.language,
        partners: [...(input.partners ?? [])],
        capacity: input.capacity ?? null,
        status: input.status ?? 'draft',
        credit: input.credit ?? null,
        createdBy: actor.userId,
      });
      return view(event);
    },
    async update(id: string, patch: GatheringPatch): Promise<GatheringView> {
      if (patch.title !== undefined || patch.language !== undefined) {
        // The title (replaced whole) must still carry the event's language after the change.
        const current = await gatherings.findById(id);
        if (!current) throw new AppError('event_not_found', { params: { id } });
        requireSourceText(patch.title ?? current.title, patch.language ?? current.language);
      }
      await checkRefs(patch as Partial<GatheringInput>);
      const event = await gatherings.update(id, patch);
      if (!event) throw new AppError('event_not_found', { params: { id } });
      return view(event);
    },
    async get(actor: Actor | undefined, id: string): Promise<GatheringView> {
      return view(await visible(actor, id));
    },
    /** Published and cancelled events for everyone; staff may ask for drafts. */
    async list(
      actor: Actor | undefined,
      q: {
        status?: GatheringStatus | undefined;
        seriesId?: string | undefined;
        page: number;
        pageSize: number;
      },
    ) {
      const statuses: GatheringStatus[] = q.status ? [q.status] : ['published', 'cancelled'];
      if (statuses.includes('draft') && !hasRole(actor, 'staff')) throw new AppError('forbidden');
      const page = { skip: (q.page - 1) * q.pageSize, limit: q.pageSize };
      const { items, total } = await gatherings.list({ statuses, seriesId: q.seriesId }, page);
      return { items: await Promise.all(items.map(view)), total };
    },
    async createSeries(actor: Actor, input: { title: LocalizedText; sourceLanguage: string }) {
      requireSourceText(input.title, input.sourceLanguage);
      return gatherings.createSeries({ ...input, createdBy: actor.userId });
    },
    /** Series with their exact all-time distinct participants (one record per person and series). */
    async listSeries() {
      const all = await gatherings.listSeries();
      return Promise.all(
        all.map(async (series) => ({
          series,
          participants: await registrations.countSeriesPeople(series.id),
        })),
      );
    },
  };
}

export type GatheringService = ReturnType<typeof createGatheringService>;
