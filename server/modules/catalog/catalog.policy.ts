import { type RoutePolicy, route } from '../../shared/policy';

/** Authors write and translate; reviewers and staff too (admins always). Services check ownership. */
const AUTHORING = ['author', 'reviewer', 'staff'] as const;

function contentRows(base: string): RoutePolicy[] {
  return [
    route('GET', base, 'public'),
    route('POST', base, AUTHORING),
    route('GET', `${base}/:slug`, 'public'),
    route('GET', `${base}/:slug/authoring`, AUTHORING),
    route('PATCH', `${base}/:slug`, AUTHORING),
    route('PUT', `${base}/:slug/translations/:lang`, AUTHORING),
    // submit: the author (checked in the service); publish/archive: reviewers and staff (ditto).
    route('POST', `${base}/:slug/submit`, AUTHORING),
    route('POST', `${base}/:slug/publish`, AUTHORING),
    route('POST', `${base}/:slug/archive`, AUTHORING),
  ];
}

const outline = '/api/courses/:slug/modules';

/** Who may call the catalog routes. Drafts behind public GETs are filtered by the services. */
export const catalogPolicies: readonly RoutePolicy[] = [
  ...contentRows('/api/courses'),
  ...contentRows('/api/resources'),
  ...contentRows('/api/credentials'),
  route('POST', outline, AUTHORING),
  route('PUT', `${outline}/order`, AUTHORING),
  route('PATCH', `${outline}/:moduleKey`, AUTHORING),
  route('DELETE', `${outline}/:moduleKey`, AUTHORING),
  route('POST', `${outline}/:moduleKey/lessons`, AUTHORING),
  route('PUT', `${outline}/:moduleKey/lessons/order`, AUTHORING),
  route('PATCH', `${outline}/:moduleKey/lessons/:lessonKey`, AUTHORING),
  route('DELETE', `${outline}/:moduleKey/lessons/:lessonKey`, AUTHORING),
  route('GET', '/api/translations/worklist', AUTHORING),
  route('GET', '/api/catalog/vocabulary', 'public'),
];
