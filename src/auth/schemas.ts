import { z } from 'zod';

export const loginForm = z.object({
  email: z.string().trim().min(1, 'auth.email_required').max(254),
  password: z.string().min(1, 'auth.password_required').max(1024),
  next: z.string().optional(),
});

/** Only a path on this site: never an absolute URL someone slipped into ?next=. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/u.test(next) ? next : '/office';
}
