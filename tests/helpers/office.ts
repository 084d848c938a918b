import path from 'node:path';
import type { Test } from 'supertest';
import type { TestApp } from './app';
import { dmy } from './days';

export const DEMO_OFFICE = 'Sở Thông tin và Truyền thông tỉnh Gia Lai';
export const PDF_FIXTURE = path.join(__dirname, '../fixtures/du-thao-532.pdf');

/** Ids of demo agencies and groups by name, as the recipient picker shows them. */
export async function demoDirectory(t: TestApp) {
  const agencies = await t.deps.db.selectFrom('agencies').select(['id', 'name']).execute();
  const groups = await t.deps.db.selectFrom('agency_groups').select(['id', 'name']).execute();
  const agency = (name: string) => agencies.find((a) => a.name === name)!.id;
  const group = (prefix: string) => groups.find((g) => g.name.startsWith(prefix))!.id;
  return { agency, group };
}

/** The letter's fields as the new-consultation form posts them. */
export function letterFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    number: '600/STTTT-BCVT',
    letterDate: dmy(-2),
    place: 'Gia Lai',
    subject: 'tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý dịch vụ Internet',
    signerPrefix: 'KT.',
    signerAuthority: 'GIÁM ĐỐC',
    signerTitle: 'PHÓ GIÁM ĐỐC',
    signerName: 'Nguyễn Văn Mẫu',
    contactName: 'Trần Thị Liên Hệ',
    contactPhone: '0269 3823 456',
    contactEmail: 'lienhe@gialai.example',
    legalBasis: 'Nghị định số 72/2013/NĐ-CP; Nghị định số 27/2018/NĐ-CP',
    deadlineDate: dmy(6),
    deadlineRule: 'before_date',
    latePolicy: 'refuse',
    ...overrides,
  };
}

export function sendFields(req: Test, fields: Record<string, string | string[]>): Test {
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) req.field(name, v);
  }
  return req;
}

export const linkIn = (text: string): string => {
  const match = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/u.exec(text);
  if (!match) throw new Error(`no personal link in: ${text.slice(0, 200)}`);
  return match[0];
};
