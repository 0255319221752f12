import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { CredentialDefinition } from '../catalog/credential.model';
import type { LearningCatalog } from '../enrolment/catalog.reader';
import { flattenLessons, quizScores } from '../enrolment/completion';
import type { EnrolmentRepository } from '../enrolment/enrolment.repository';
import type { LearnerLookup } from '../enrolment/enrolment.service';
import type { Fact, FactRepository } from '../enrolment/fact.repository';
import { buildEvent } from '../enrolment/learning-events';
import type { Outbox } from '../enrolment/outbox';
import type { ProgressRepository } from '../enrolment/progress.repository';
import { loadProgress } from '../enrolment/progress.state';
import { signCredential } from './credential-jwt';
import type { IssuedCredential, IssuedCredentialRepository } from './issued-credential.repository';
import type { IssuerKeys } from './issuer-keys';
import { buildOpenBadge } from './open-badge';

export interface IssuanceDeps {
  readonly issued: IssuedCredentialRepository;
  readonly enrolments: EnrolmentRepository;
  readonly facts: FactRepository;
  readonly progress: ProgressRepository;
  readonly catalog: LearningCatalog;
  readonly learners: LearnerLookup;
  readonly recipient: (userId: string) => Promise<{ displayName: string; preferredLanguage: string } | null>;
  readonly keys: IssuerKeys;
  readonly outbox: Outbox;
  readonly publicUrl: string;
  readonly clock: () => Date;
}

/** Issues micro-credentials automatically and exactly once when a learner meets the criteria. */
export function createIssuanceService(deps: IssuanceDeps) {
  /** True when every required course is completed (and every quiz at the minimum score, if any). */
  async function meetsCriteria(def: CredentialDefinition, userId: string): Promise<boolean> {
    if (def.requiredCourses.length === 0) return false;
    const courses = new Map((await deps.catalog.findCourses(def.requiredCourses)).map((c) => [c.slug, c]));
    for (const slug of def.requiredCourses) {
      const enrolment = await deps.enrolments.findByCourseAndUser(slug, userId);
      const course = courses.get(slug);
      if (!enrolment || !course) return false;
      const lessons = flattenLessons(course.modules);
      const progress = (await loadProgress(deps, [{ id: enrolment.id, lessons }])).get(enrolment.id);
      if (!progress?.completedAt) return false;
      const min = def.minimumQuizScore;
      if (min !== null && quizScores(lessons, progress).some((s) => s < min)) return false;
    }
    return true;
  }

  /** Signs and stores the credential; a concurrent issue of the same one returns the stored one. */
  async function issue(def: CredentialDefinition, userId: string): Promise<IssuedCredential> {
    const recipient = await deps.recipient(userId);
    if (!recipient) throw new AppError('not_found', { params: { resource: 'user' } });
    const learner = await deps.learners(userId);
    const now = deps.clock();
    const id = randomUUID();
    const key = await deps.keys.active();
    const { did, name, url } = deps.keys.identity;
    const credential = buildOpenBadge({
      id: `urn:uuid:${id}`,
      definition: def,
      issuer: { id: did, name: def.issuer.name || name, url: def.issuer.url ?? url },
      publicUrl: deps.publicUrl,
      lang: recipient.preferredLanguage,
      recipientName: recipient.displayName,
      validFrom: now,
      validUntil: null,
    });
    const jwt = await signCredential(credential, key, did);
    const event = buildEvent('credential_issued', `${def.slug}:${learner.userKey}`, now, learner, {
      credentialSlug: def.slug,
    });
    // The fact first (see outbox): a crash before the credential is stored is completed by the sweep.
    const fact = {
      type: 'credential_issued' as const,
      userId,
      enrolmentId: null,
      courseSlug: null,
      lessonKey: null,
    };
    await deps.facts.insertNew([{ ...fact, credentialSlug: def.slug, at: now, event }], now);
    const lang = (credential.credentialSubject as { achievement: { inLanguage: string } }).achievement
      .inLanguage;
    const result = await deps.issued.insertOnce({
      id,
      definitionSlug: def.slug,
      userId,
      lang,
      issuedAt: now,
      expiresAt: null,
      jwt,
    });
    if (result.created) deps.outbox.deliverIdsLater([event.id]);
    return result.credential;
  }

  return {
    /** Checks the credentials that require `courseSlug` and issues those now earned. */
    async evaluateAfterCompletion(userId: string, courseSlug: string): Promise<IssuedCredential[]> {
      const issued: IssuedCredential[] = [];
      for (const def of await deps.catalog.definitionsRequiring(courseSlug)) {
        if (await deps.issued.findByDefinitionAndUser(def.slug, userId)) continue;
        if (await meetsCriteria(def, userId)) issued.push(await issue(def, userId));
      }
      return issued;
    },

    /** Sweep: makes sure the credential a `credential_issued` fact announces exists. */
    async confirmIssued(fact: Fact): Promise<boolean> {
      if (!fact.credentialSlug) return false;
      if (await deps.issued.findByDefinitionAndUser(fact.credentialSlug, fact.userId)) return true;
      const def = await deps.catalog.findDefinition(fact.credentialSlug);
      if (!def) return false;
      await issue(def, fact.userId);
      return true;
    },
  };
}

export type IssuanceService = ReturnType<typeof createIssuanceService>;
