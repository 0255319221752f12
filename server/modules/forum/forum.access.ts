import { type Actor, hasRole } from '../../shared/auth';
import type { Category } from './category.repository';
import type { PostVisibility } from './post.repository';
import type { ContentStatus } from './thread.model';

/** Does `userId` follow course `courseSlug` (active or completed enrolment)? */
export type EnrolmentCheck = (userId: string, courseSlug: string) => Promise<boolean>;

/** Moderators (and admins) see and act on everything in the forum. */
export const isModerator = (actor: Actor | undefined): boolean => hasRole(actor, 'moderator');

/** Statuses of threads a reader sees. */
export function threadStatusesFor(actor: Actor | undefined): ContentStatus[] {
  return isModerator(actor) ? ['visible', 'pending', 'hidden'] : ['visible'];
}

/** Posts a reader sees: moderators everything but deletions; others visible ones and their own pending. */
export function postVisibilityFor(actor: Actor | undefined): PostVisibility {
  if (isModerator(actor)) return { statuses: ['visible', 'pending', 'hidden'] };
  return { statuses: ['visible'], ownerId: actor?.userId };
}

/** Can `actor` see a thread or post in `status` written by `authorId`? */
export function canSee(actor: Actor | undefined, status: ContentStatus, authorId: string): boolean {
  if (status === 'visible') return true;
  if (status === 'deleted') return false;
  return isModerator(actor) || (status === 'pending' && actor?.userId === authorId);
}

/** May `actor` write in `category`, by its posting policy? */
export async function canPostIn(
  actor: Actor,
  category: Category,
  enrolled: EnrolmentCheck,
): Promise<boolean> {
  if (hasRole(actor, 'staff', 'moderator')) return true;
  if (category.postingPolicy === 'staff') return false;
  if (category.postingPolicy === 'everyone') return true;
  return category.kind === 'course' && !!category.scope && (await enrolled(actor.userId, category.scope));
}
