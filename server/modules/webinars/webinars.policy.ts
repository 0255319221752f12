import { type RoutePolicy, route } from '../../shared/policy';

/** Who may call the webinar routes: everyone reads published events; staff run them. */
export const webinarsPolicies: readonly RoutePolicy[] = [
  route('GET', '/api/events', 'public'),
  route('POST', '/api/events', ['staff']),
  route('GET', '/api/events/:id', 'public'),
  route('PATCH', '/api/events/:id', ['staff']),
  route('POST', '/api/events/:id/registrations', 'authenticated'),
  route('POST', '/api/events/:id/registrants', ['staff']),
  route('DELETE', '/api/events/:id/registrants/:registrationId', ['staff']),
  route('GET', '/api/events/:id/registrations', ['staff']),
  route('POST', '/api/events/:id/attendance-imports', ['staff']),
  route('GET', '/api/events/:id/attendance-imports/:importId', ['staff']),
  route('GET', '/api/event-series', 'public'),
  route('POST', '/api/event-series', ['staff']),
];
