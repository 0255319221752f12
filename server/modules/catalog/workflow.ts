import { type Actor, hasRole } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { ContentBase, PublicationState } from './content.types';

export const TRANSITIONS = ['submit', 'publish', 'archive'] as const;
export type Transition = (typeof TRANSITIONS)[number];

const RULES: Record<Transition, { from: readonly PublicationState[]; to: PublicationState }> = {
  submit: { from: ['draft'], to: 'in_review' },
  publish: { from: ['in_review', 'archived'], to: 'published' },
  archive: { from: ['draft', 'in_review', 'published'], to: 'archived' },
};

type Owned = Pick<ContentBase, 'authorId' | 'state'>;

/** Reviewers and staff (and admins) see and edit everything, and publish. */
export function isEditorial(actor: Actor | undefined): boolean {
  return hasRole(actor, 'reviewer', 'staff');
}

function isOwner(actor: Actor | undefined, item: Owned): boolean {
  return !!actor && item.authorId !== null && item.authorId === actor.userId;
}

/** Published items are public; drafts are visible to their author, reviewers and staff. */
export function canView(actor: Actor | undefined, item: Owned): boolean {
  return item.state === 'published' || isEditorial(actor) || isOwner(actor, item);
}

/** Authors edit their own items; reviewers and staff edit any. */
export function canEdit(actor: Actor | undefined, item: Owned): boolean {
  return isEditorial(actor) || (hasRole(actor, 'author') && isOwner(actor, item));
}

/** Translators (any author) may translate any item they can see. */
export function canTranslate(actor: Actor | undefined, item: Owned): boolean {
  return canView(actor, item) && hasRole(actor, 'author', 'reviewer', 'staff');
}

/** Writing a language's texts: the source language is editing proper; others are translating. */
export function canWriteLanguage(lang: string) {
  return (actor: Actor | undefined, item: Owned & { sourceLanguage: string }): boolean =>
    lang === item.sourceLanguage ? canEdit(actor, item) : canTranslate(actor, item);
}

/** The state after `action`, or a 403/409 when the actor may not or the state does not allow it. */
export function nextState(action: Transition, actor: Actor | undefined, item: Owned): PublicationState {
  const allowed = action === 'submit' ? canEdit(actor, item) : isEditorial(actor);
  if (!allowed) throw new AppError('forbidden');
  const rule = RULES[action];
  if (!rule.from.includes(item.state)) {
    throw new AppError('invalid_state_transition', {
      params: { action, state: item.state },
      extensions: { state: item.state, allowedFrom: rule.from },
    });
  }
  return rule.to;
}
