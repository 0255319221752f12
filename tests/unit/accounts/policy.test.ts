import { isAllowed, PolicyTable, route } from '../../../server/shared/policy';

describe('PolicyTable', () => {
  const table = new PolicyTable([
    route('GET', '/api/me/:id', 'authenticated'),
    route('GET', '/api/me/tokens', ['admin']),
    route('GET', '/api/files/*rest', 'public'),
    route('PATCH', '/api/users/:id/roles', ['admin']),
  ]);

  it('prefers literal segments over parameters', () => {
    expect(table.find('GET', '/api/me/tokens')?.access).toEqual(['admin']);
    expect(table.find('GET', '/api/me/123')?.access).toBe('authenticated');
  });

  it('matches parameters, splats, HEAD as GET and trailing slashes', () => {
    expect(table.find('PATCH', '/api/users/abc/roles/')?.path).toBe('/api/users/:id/roles');
    expect(table.find('HEAD', '/api/files/a/b/c')?.access).toBe('public');
    expect(table.find('GET', '/api/files')).toBeUndefined();
    expect(table.find('DELETE', '/api/users/abc/roles')).toBeUndefined();
    expect(table.find('PATCH', '/api/users//roles')).toBeUndefined();
  });

  it('rejects duplicate rows', () => {
    expect(() => new PolicyTable([route('GET', '/a/', 'public'), route('GET', '/a', 'public')])).toThrow(
      /duplicate/,
    );
  });

  it('decides access: public, authenticated, roles (admin holds every role)', () => {
    expect(isAllowed('public', undefined)).toBe(true);
    expect(isAllowed('authenticated', undefined)).toBe(false);
    expect(isAllowed('authenticated', { roles: [] })).toBe(true);
    expect(isAllowed(['staff'], { roles: ['learner'] })).toBe(false);
    expect(isAllowed(['staff'], { roles: ['learner', 'staff'] })).toBe(true);
    expect(isAllowed(['staff'], { roles: ['admin'] })).toBe(true);
  });
});
