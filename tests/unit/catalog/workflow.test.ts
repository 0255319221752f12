import type { PublicationState } from '../../../server/modules/catalog/content.types';
import { canEdit, canTranslate, canView, nextState } from '../../../server/modules/catalog/workflow';
import type { Actor, Role } from '../../../server/shared/auth';

const actor = (userId: string, ...roles: Role[]): Actor => ({ userId, roles, via: 'token' });
const owner = actor('u1', 'author');
const other = actor('u2', 'author');
const reviewer = actor('r', 'reviewer');
const learner = actor('l', 'learner');
const item = (state: PublicationState) => ({ state, authorId: 'u1' });

describe('catalog workflow', () => {
  it.each([
    ['submit', 'draft', owner, 'in_review'],
    ['publish', 'in_review', reviewer, 'published'],
    ['publish', 'archived', reviewer, 'published'],
    ['archive', 'published', reviewer, 'archived'],
    ['archive', 'draft', reviewer, 'archived'],
  ] as const)('%s from %s → %s', (action, state, who, to) => {
    expect(nextState(action, who, item(state))).toBe(to);
  });

  it.each([
    ['submit', 'in_review', owner, 'invalid_state_transition'],
    ['publish', 'draft', reviewer, 'invalid_state_transition'],
    ['archive', 'archived', reviewer, 'invalid_state_transition'],
    ['publish', 'in_review', owner, 'forbidden'],
    ['submit', 'draft', other, 'forbidden'],
    ['archive', 'published', undefined, 'forbidden'],
  ] as const)('%s from %s is refused (%s)', (action, state, who, code) => {
    expect(() => nextState(action, who, item(state))).toThrow(expect.objectContaining({ code }));
  });

  it('drafts are seen by their author and editors only; published by everyone', () => {
    expect([owner, other, reviewer, learner, undefined].map((a) => canView(a, item('draft')))).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
    expect(canView(undefined, item('published'))).toBe(true);
  });

  it('authors edit their own items; any author may translate what they can see', () => {
    expect(canEdit(owner, item('published'))).toBe(true);
    expect(canEdit(other, item('published'))).toBe(false);
    expect(canTranslate(other, item('published'))).toBe(true);
    expect(canTranslate(other, item('draft'))).toBe(false);
    expect(canTranslate(learner, item('published'))).toBe(false);
    expect(canEdit(actor('a', 'admin'), item('draft'))).toBe(true);
  });
});
