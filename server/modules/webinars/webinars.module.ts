import type { Connection } from 'mongoose';
import type { User } from '../accounts/user.repository';
import { createLearningCatalog } from '../enrolment/catalog.reader';
import { flattenLessons } from '../enrolment/completion';
import type { Learning } from '../enrolment/learning.module';
import { createAttendanceEffects, creditThroughEnrolment } from './attendance.effects';
import { createAttendanceImports } from './attendance-import.service';
import { createGatheringRepository } from './gathering.repository';
import { createGatheringService } from './gathering.service';
import { createImportRepository } from './import.repository';
import { createRegistrationRepository } from './registration.repository';
import { createRegistrationService, type StatsPort } from './registration.service';
import { webinarsPrivacy } from './webinars.privacy';

/** Webinars, workshops and conferences on one connection (from buildServices). */
export function buildWebinars(
  connection: Connection,
  deps: {
    stats: StatsPort;
    findUser: (id: string) => Promise<User | null>;
    learning: Pick<Learning, 'enrolment' | 'progress'>;
    clock?: () => Date;
  },
) {
  const clock = deps.clock ?? (() => new Date());
  const gatherings = createGatheringRepository(connection);
  const registrations = createRegistrationRepository(connection);
  const imports = createImportRepository(connection);
  const catalog = createLearningCatalog(connection);
  const events = createGatheringService({
    gatherings,
    registrations,
    async lessonExists(course, lesson) {
      const found = await catalog.findCourse(course);
      return !!found && flattenLessons(found.modules).some((l) => l.key === lesson);
    },
  });
  const effects = createAttendanceEffects({
    registrations,
    stats: deps.stats,
    credit: creditThroughEnrolment(deps.learning),
  });
  return {
    repositories: { gatherings, registrations, imports },
    events,
    registrations: createRegistrationService({
      events,
      registrations,
      stats: deps.stats,
      clock,
      async person(userId) {
        const user = await deps.findUser(userId);
        return (
          user && { email: user.email, country: user.country, audience: user.audience, gender: user.gender }
        );
      },
    }),
    imports: createAttendanceImports({
      events,
      registrations,
      imports,
      effects,
      clock,
    }),
    effects,
    privacy: webinarsPrivacy(registrations),
  };
}

export type Webinars = ReturnType<typeof buildWebinars>;
