import request from 'supertest';
import type { TestApp } from './app';
import { day } from './days';
import { seedLan2Text } from '../fixtures/seed-lan-2';

/**
 * Dự thảo lần 2 of a consultation through the officer API (tests/fixtures/seed-lan-2.ts's draft,
 * letter 700/STTTT-BCVT, deadline in ten days); published too when asked. Returns its id.
 */
export async function startLan2(t: TestApp, token: string, options: { publish?: boolean } = {}): Promise<number> {
  const auth = { Authorization: `Bearer ${token}` };
  const res = await request(t.app)
    .post(`/api/v1/consultations/${t.demoId}/follow-up`)
    .set(auth)
    .field('number', '700/STTTT-BCVT')
    .field('letterDate', day(0))
    .field('deadline', day(10))
    .attach('draft', Buffer.from(seedLan2Text()), 'du-thao-lan-2.txt')
    .expect(201);
  if (options.publish) await request(t.app).post(`/api/v1/consultations/${res.body.id}/publish`).set(auth).expect(200);
  return res.body.id as number;
}
