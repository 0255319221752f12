import { type RoutePolicy, route } from '../../shared/policy';

/**
 * Who may call the forum routes. Reading is public (hidden content is filtered per reader in
 * the services); posting rights per category and "own post only" are checked in the services.
 */
export const forumPolicies: readonly RoutePolicy[] = [
  route('GET', '/api/forum/categories', 'public'),
  route('POST', '/api/forum/categories', ['staff']),
  route('GET', '/api/forum/categories/:id/threads', 'public'),
  route('POST', '/api/forum/threads', 'authenticated'),
  route('GET', '/api/forum/threads/:id', 'public'),
  route('GET', '/forum/threads/:id', 'public'),
  route('POST', '/api/forum/threads/:id/posts', 'authenticated'),
  route('PATCH', '/api/forum/posts/:id', 'authenticated'),
  route('DELETE', '/api/forum/posts/:id', 'authenticated'),
  route('POST', '/api/forum/posts/:id/reactions', 'authenticated'),
  route('DELETE', '/api/forum/posts/:id/reactions', 'authenticated'),
  route('POST', '/api/forum/posts/:id/reports', 'authenticated'),
  route('GET', '/api/forum/subscriptions', 'authenticated'),
  route('POST', '/api/forum/subscriptions', 'authenticated'),
  route('PATCH', '/api/forum/subscriptions/:id', 'authenticated'),
  route('DELETE', '/api/forum/subscriptions/:id', 'authenticated'),
  route('GET', '/api/forum/digest', 'authenticated'),
  route('PUT', '/api/forum/digest', 'authenticated'),
  route('GET', '/api/forum/moderation/queue', ['moderator']),
  route('POST', '/api/forum/posts/:id/moderation', ['moderator']),
  route('POST', '/api/forum/threads/:id/moderation', ['moderator']),
  route('GET', '/api/me/notifications', 'authenticated'),
  route('POST', '/api/me/notifications/read', 'authenticated'),
];
