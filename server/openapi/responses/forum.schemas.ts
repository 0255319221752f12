import { z } from 'zod';
import { Dir, IsoDate } from './common';

/** Forum shapes (also used by competitions, whose entries are forum threads). */
export const ForumCategory = z.object({
  id: z.string(),
  key: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  scope: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  lang: z.string(),
  fallback: z.boolean(),
  dir: Dir,
  defaultLanguage: z.string(),
  postingPolicy: z.string(),
  postingPolicyLabel: z.string(),
  threadCount: z.int().min(0),
});

export const ForumThread = z.object({
  id: z.string(),
  categoryId: z.string(),
  authorId: z.string(),
  title: z.string(),
  lang: z.string(),
  dir: Dir,
  status: z.string(),
  locked: z.boolean(),
  pinned: z.boolean(),
  postCount: z.int().min(0),
  repliesLabel: z.string().meta({ description: 'e.g. "3 replies", pluralized in the reader’s language' }),
  lastPostAt: IsoDate,
  createdAt: IsoDate,
  cursor: z.string(),
});

export const ForumPost = z.object({
  id: z.string(),
  threadId: z.string(),
  authorId: z.string(),
  html: z.string().meta({ description: 'Sanitized HTML rendered from the Markdown source' }),
  body: z.string().optional().meta({ description: 'Markdown source: only for its author and moderators' }),
  lang: z.string(),
  dir: Dir,
  quote: z
    .object({ postId: z.string(), authorId: z.string(), html: z.string(), lang: z.string(), dir: Dir })
    .nullable(),
  attachments: z.array(z.object({ id: z.string(), href: z.string() })),
  status: z.string(),
  likeCount: z.int().min(0).optional(),
  liked: z.boolean().optional(),
  edited: z.boolean(),
  editedAt: IsoDate.nullable(),
  createdAt: IsoDate,
  cursor: z.string(),
  moderation: z
    .object({
      reason: z.string().nullable(),
      history: z.array(
        z.object({ body: z.string(), lang: z.string(), editedAt: IsoDate, editorId: z.string() }),
      ),
    })
    .optional()
    .meta({ description: 'Moderators only' }),
});
