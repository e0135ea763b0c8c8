/** npm run seed — applies migrations and (re)seeds the district directory. Idempotent. */
import { join } from 'node:path';
import { openDatabase } from '../db/client';
import { seedDirectory } from '../db/seed';
import { readConfig } from './config';

const config = readConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
try {
  console.log(`seeded ${await seedDirectory(database.db)} organisations into ${database.kind}`);
} finally {
  await database.close();
}
