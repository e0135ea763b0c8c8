/** npm run migrate — applies the committed migrations (start-up does this too). */
import { readConfig } from './config';
import { privateFiles } from './data-dir';
import { openDirect } from './direct-database';

privateFiles();
const config = readConfig();
const database = await openDirect(config);
console.log(`migrations applied on ${database.kind}`);
await database.close();
