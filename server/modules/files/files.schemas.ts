import { z } from 'zod';

/** `:id` of a stored file: a 24-hex ObjectId. */
export const FileIdParams = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{24}$/i),
});
