import { isCountryCode } from '../../../server/modules/accounts/countries';
import { hashPassword, verifyPassword, weakPasswordReason } from '../../../server/modules/accounts/password';
import { normalizeEmail } from '../../../server/modules/accounts/secrets';

describe('password hashing', () => {
  it('salts every hash and verifies only the right password', async () => {
    const [a, b] = await Promise.all([
      hashPassword('пароль-достаточно-длинный'),
      hashPassword('пароль-достаточно-длинный'),
    ]);
    expect(a).not.toEqual(b);
    expect(await verifyPassword('пароль-достаточно-длинный', a)).toBe(true);
    expect(await verifyPassword('пароль-достаточно-длинныЙ', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('weak password rule', () => {
  it.each([
    ['short', 'password_too_short'],
    ['ab cd efg', 'password_too_short'],
    ['Password123', 'password_too_common'],
    ['aaaaaaaaaaaa', 'password_too_common'],
    ['abcdefghijk', 'password_too_common'],
    ['9876543210', 'password_too_common'],
    ['correct horse battery', undefined],
    ['我的密码是很长的一句话', undefined],
  ])('%s → %s', (password, reason) => {
    expect(weakPasswordReason(password)).toBe(reason);
  });
});

describe('countries and emails', () => {
  it('accepts assigned ISO 3166-1 alpha-2 codes only', () => {
    expect(['KZ', 'EG', 'CN', 'SS', 'GB'].every(isCountryCode)).toBe(true);
    expect(['UK', 'EU', 'XK', 'ZZ', 'kz'].some(isCountryCode)).toBe(false);
  });

  it('normalizes emails for uniqueness', () => {
    expect(normalizeEmail('  Ana.Perez@Example.ORG ')).toBe('ana.perez@example.org');
  });
});
