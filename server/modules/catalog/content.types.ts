/** Shared vocabulary of the catalog's translatable, publishable content. */

/** A translatable field: one string per BCP 47 tag (`{ en: '…', 'zh-Hans': '…' }`). */
export type LocalizedMap = Record<string, string>;

export const PUBLICATION_STATES = ['draft', 'in_review', 'published', 'archived'] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];

export const TRANSLATION_STATES = ['draft', 'reviewed', 'stale'] as const;
export type TranslationState = (typeof TRANSLATION_STATES)[number];

export const CONTENT_KINDS = ['course', 'resource', 'credential'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Fields every course, resource and credential definition carries. */
export interface ContentBase {
  slug: string;
  sourceLanguage: string;
  /** Per language; the source language is always `reviewed`. */
  translationStatus: Record<string, TranslationState>;
  /** Derived at write time: the source language plus every `reviewed` one (the `available` filter). */
  reviewedLanguages: string[];
  state: PublicationState;
  /** Optimistic-concurrency counter: +1 on every write. */
  version: number;
  /** Catalog-wide monotonic counter stamped on every write (search sync watermark). */
  searchVersion: number;
  authorId: string | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a write may not set directly (managed by the repository). */
export type ManagedField = 'version' | 'searchVersion' | 'createdAt' | 'updatedAt';
