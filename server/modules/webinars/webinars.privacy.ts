import type { PrivacyContributor } from '../accounts/privacy.service';
import type { RegistrationRepository } from './registration.repository';

/**
 * The webinars' part of the privacy rights. Export: the user's registrations. Erasure: the
 * registrations and attendance lose the account id and the address (the seat, the pseudonymous
 * statistics key and the dimensions stay, so event figures do not change).
 */
export function webinarsPrivacy(registrations: RegistrationRepository): PrivacyContributor {
  return {
    name: 'events',
    async export(userId) {
      return (await registrations.listByUser(userId)).map((r) => ({
        eventId: r.eventId,
        seat: r.seat,
        email: r.email,
        registeredAt: r.registeredAt.toISOString(),
      }));
    },
    erase: (userId, pseudonym) => registrations.eraseUser(userId, pseudonym),
  };
}
