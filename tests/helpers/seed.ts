import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SEED_PATH = path.join(__dirname, '..', 'fixtures', '532-STTTT-BCVT-du-thao-lan-1.txt');
export const seedText = (): string => readFileSync(SEED_PATH, 'utf8');
