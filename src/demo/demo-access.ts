import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Deps } from '../deps';

export const DEMO_OFFICER_EMAIL = 'chuyenvien@gialai.example';
export const DEMO_LOGIN_FILE = 'demo-login.txt';

/**
 * Makes the demo playable: an officer account of the demo office with a password generated here
 * (never a fixed one, in case a demo is left running in the open), kept in DATA_DIR/demo-login.txt,
 * and the letter's invitations sent — as .eml files under DATA_DIR/outbox when there is no SMTP server.
 */
export async function openDemo(deps: Deps, consultationId: number, officeName: string): Promise<{ email: string; password: string; invited: number }> {
  const { email, password } = await addDemoOfficer(deps, officeName);
  const invited = await deps.services.officeConsultations.inviteAllRecipients(consultationId);
  return { email, password, invited };
}

/** openDemo's first step: the demo officer's account and DATA_DIR/demo-login.txt. */
export async function addDemoOfficer(deps: Deps, officeName: string): Promise<{ email: string; password: string }> {
  const password = randomBytes(12).toString('base64url');
  await deps.services.auth.addUser({ email: DEMO_OFFICER_EMAIL, name: 'Chuyên viên Phòng Bưu chính, Viễn thông (bản trình diễn)', role: 'admin', officeName, password });
  writeFileSync(
    path.join(deps.config.dataDir, DEMO_LOGIN_FILE),
    `Gopy demo officer\nlogin: ${deps.config.baseUrl}/login\ne-mail: ${DEMO_OFFICER_EMAIL}\npassword: ${password}\n`,
    { mode: 0o600 },
  );
  return { email: DEMO_OFFICER_EMAIL, password };
}
