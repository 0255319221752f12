import type { CredentialDefinition } from '../../../server/modules/catalog/credential.model';
import { didWebFor } from '../../../server/modules/credentials-issued/issuer-keys';
import { buildOpenBadge } from '../../../server/modules/credentials-issued/open-badge';

const definition = {
  slug: 'digital-teacher',
  sourceLanguage: 'en',
  title: { en: 'Digital Teacher', ar: 'المعلّم الرقمي', zh: '数字化教师' },
  description: { en: 'For the series.' },
  criteria: { en: 'Complete every course.' },
  issuer: { name: 'Institute', url: null },
} as unknown as CredentialDefinition;

const badge = (lang: string) =>
  buildOpenBadge({
    id: 'urn:uuid:1',
    definition,
    issuer: { id: 'did:web:hub.example', name: 'Hub', url: null },
    publicUrl: 'https://hub.example',
    lang,
    recipientName: 'Amina',
    validFrom: new Date('2026-01-02T03:04:05Z'),
    validUntil: null,
  });

describe('Open Badges 3.0 credential', () => {
  it('derives did:web from the public URL, port and path encoded', () => {
    expect(didWebFor('https://hub.example.org')).toBe('did:web:hub.example.org');
    expect(didWebFor('http://localhost:3000/lh/')).toBe('did:web:localhost%3A3000:lh');
  });

  it("writes the achievement in the learner's language and links the other versions", () => {
    const achievement = (badge('ar-EG').credentialSubject as { achievement: Record<string, unknown> })
      .achievement;
    expect(achievement).toMatchObject({
      name: 'المعلّم الرقمي',
      inLanguage: 'ar',
      description: 'For the series.',
    });
    expect((achievement.related as { inLanguage: string }[]).map((r) => r.inLanguage)).toEqual(['en', 'zh']);
  });

  it('falls back to the source language and omits validUntil and an absent issuer url', () => {
    const vc = badge('ru');
    expect(vc.name).toBe('Digital Teacher');
    expect(vc.validFrom).toBe('2026-01-02T03:04:05.000Z');
    expect(vc).not.toHaveProperty('validUntil');
    expect(vc.issuer).toEqual({ id: 'did:web:hub.example', type: ['Profile'], name: 'Hub' });
  });
});
