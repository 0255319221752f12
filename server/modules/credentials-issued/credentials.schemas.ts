import { z } from 'zod';

export const IssuedParams = z.strictObject({ id: z.string().min(1).max(100) });
export const VerifyBody = z.strictObject({ jwt: z.string().min(1).max(200_000) });
export const RevokeBody = z.strictObject({ reason: z.string().trim().min(3).max(1000) });
export const LangQuery = z.strictObject({ lang: z.string().optional() });
