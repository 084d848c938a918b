import request from 'supertest';
import type { Express } from 'express';
import type { TestApp } from './app';

export const STAFF_PASSWORD = 'mật-khẩu-đủ-dài-2026';

/** The CSRF token of the first form on a page, as a browser would send it back. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/u.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

export async function addStaff(t: TestApp, email: string, options: { role?: 'admin' | 'officer'; office?: string; name?: string } = {}) {
  return t.deps.services.auth.addUser({
    email,
    name: options.name ?? email.split('@')[0]!,
    role: options.role ?? 'officer',
    officeName: options.office,
    password: STAFF_PASSWORD,
  });
}

/** A cookie-keeping client signed in through the real login form; `csrf()` reads a fresh token from a page. */
export async function signIn(app: Express, email: string, password = STAFF_PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password }).expect(303);
  return Object.assign(agent, {
    async csrf(path = '/office'): Promise<string> {
      const res = await agent.get(path).expect(200);
      return csrfFrom(res.text);
    },
  });
}
