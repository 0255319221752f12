import { randomBytes } from 'node:crypto';
import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { AUDIENCES } from '../../shared/vocabulary';
import type { StatsEventInput } from '../outreach/stats.service';
import type { Gathering } from './gathering.repository';
import type { GatheringService } from './gathering.service';
import type { NewRegistration, Registration, RegistrationRepository } from './registration.repository';

/** The statistics writer as this module uses it. */
export interface StatsPort {
  recordEvent(event: StatsEventInput): Promise<{ recorded: boolean }>;
  pseudonym(id: string): string;
}

/** What the module needs to know about a platform user at registration. */
export interface Person {
  readonly email: string;
  readonly country: string | null;
  readonly audience: string | null;
  readonly gender: string | null;
}

export interface RegistrationDeps {
  readonly events: Pick<GatheringService, 'visible'>;
  readonly registrations: RegistrationRepository;
  readonly stats: StatsPort;
  readonly person: (userId: string) => Promise<Person | null>;
  readonly clock: () => Date;
}

/** An external registrant as staff enter them. */
export interface ExternalInput {
  readonly name: string;
  readonly email: string;
  readonly country?: string | null | undefined;
  readonly role?: string | null | undefined;
}

/** The dimensions of a registrant's statistics events (no personal data: a pseudonym). */
export function statsDims(event: Gathering, reg: Registration) {
  return {
    userKey: reg.userKey,
    event: event.id,
    series: event.seriesId,
    country: reg.country,
    language: event.language,
    audience: reg.audience,
    gender: reg.gender,
  };
}

/** Registration of platform users (self) and external registrants (staff). */
export function createRegistrationService(deps: RegistrationDeps) {
  async function open(actor: Actor, eventId: string): Promise<Gathering> {
    const event = await deps.events.visible(actor, eventId);
    if (event.status === 'cancelled') throw new AppError('event_cancelled', { params: { id: eventId } });
    return event;
  }

  /** Seats the registrant and counts the registration; a replay re-emits (ids make it idempotent). */
  async function seat(event: Gathering, input: NewRegistration) {
    const result = await deps.registrations.register(input, event.capacity);
    if (!result) throw new AppError('event_full', { params: { capacity: event.capacity ?? 0 } });
    const reg = result.registration;
    await deps.stats.recordEvent({
      id: `event_registered:${event.id}:${reg.userKey}`,
      type: 'event_registered',
      occurredAt: reg.registeredAt,
      ...statsDims(event, reg),
    });
    return result;
  }

  return {
    /** Registers the signed-in user; registering again returns the same registration. */
    async registerSelf(actor: Actor, eventId: string) {
      const event = await open(actor, eventId);
      const person = await deps.person(actor.userId);
      if (!person) throw new AppError('unauthenticated');
      return seat(event, {
        eventId: event.id,
        personKey: `user:${actor.userId}`,
        userId: actor.userId,
        external: null,
        email: person.email.trim().toLowerCase(),
        userKey: deps.stats.pseudonym(actor.userId),
        country: person.country,
        audience: person.audience,
        gender: person.gender,
        registeredAt: deps.clock(),
      });
    },
    /** Adds someone without an account (staff); an address already registered returns that registration. */
    async addExternal(actor: Actor, eventId: string, input: ExternalInput) {
      const event = await open(actor, eventId);
      const email = input.email.trim().toLowerCase();
      const existing = (await deps.registrations.findByEmails(event.id, [email])).get(email);
      if (existing) return { registration: existing, created: false };
      const role = input.role ?? null;
      return seat(event, {
        eventId: event.id,
        personKey: `email:${email}`,
        userId: null,
        external: { name: input.name, email, country: input.country ?? null, role },
        email,
        userKey: deps.stats.pseudonym(`external:${email}`),
        country: input.country ?? null,
        audience: role && (AUDIENCES as readonly string[]).includes(role) ? role : null,
        gender: null,
        registeredAt: deps.clock(),
      });
    },
    /** Erases an external registrant on request (staff): name and address go, counts stay. */
    async eraseExternal(actor: Actor, eventId: string, registrationId: string): Promise<void> {
      const event = await deps.events.visible(actor, eventId);
      const pseudonym = randomBytes(12).toString('base64url');
      if (!(await deps.registrations.eraseExternal(event.id, registrationId, pseudonym)))
        throw new AppError('registrant_not_found', { params: { id: registrationId } });
    },
    /** One page of an event's registrations (staff). */
    async list(actor: Actor, eventId: string, page: { page: number; pageSize: number }) {
      const event = await deps.events.visible(actor, eventId);
      const [items, total] = await Promise.all([
        deps.registrations.listByEvent(event.id, {
          skip: (page.page - 1) * page.pageSize,
          limit: page.pageSize,
        }),
        deps.registrations.countByEvent(event.id),
      ]);
      return { event, items, total };
    },
    /** All of an event's registrations as a stream (staff CSV). */
    async stream(actor: Actor, eventId: string) {
      const event = await deps.events.visible(actor, eventId);
      return { event, rows: deps.registrations.streamByEvent(event.id) };
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
