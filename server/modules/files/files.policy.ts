import { type RoutePolicy, route } from '../../shared/policy';

/** Who may call the files routes. Files are public once stored (see FileVisibility). */
export const filesPolicies: readonly RoutePolicy[] = [
  route('POST', '/api/files', ['author', 'reviewer', 'staff']),
  route('GET', '/api/files/:id', 'public'),
  // The service lets only the uploader or staff delete.
  route('DELETE', '/api/files/:id', 'authenticated'),
];
