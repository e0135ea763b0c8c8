/** npm run seed — applies migrations and (re)seeds the district directory. Idempotent. */
import { seedDirectory } from '../db/seed';
import { readConfig } from './config';
import { privateFiles } from './data-dir';
import { openDirect } from './direct-database';

privateFiles();
const config = readConfig();
const database = await openDirect(config);
try {
  console.log(`seeded ${await seedDirectory(database.db)} organisations into ${database.kind}`);
} finally {
  await database.close();
}
