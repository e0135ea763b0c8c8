/** npm run migrate — applies the committed migrations (start-up does this too). */
import { join } from 'node:path';
import { openDatabase } from '../db/client';
import { readConfig } from './config';

const config = readConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
console.log(`migrations applied on ${database.kind}`);
await database.close();
