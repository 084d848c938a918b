import { readFileSync } from 'node:fs';
import { DEMO_SEED_FILE } from '../../src/demo/load-demo';

export const SEED_PATH = DEMO_SEED_FILE;
export const seedText = (): string => readFileSync(SEED_PATH, 'utf8');
