/** Seeds the district directory from db/seed/directory.json; idempotent (upsert by code). */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { ORG_KINDS } from '../domain/organisation';
import type { Db } from './client';
import { organisations } from './schema';

const OrgSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9]*$/),
  name: z.string().min(2),
  aliases: z.array(z.string().min(1)).default([]),
  kind: z.enum(ORG_KINDS),
  receivingBody: z.string().default(''),
  phone: z.string().default(''),
  mailbox: z.string().default(''),
  keywords: z.array(z.string().min(1)).default([]),
  examples: z.array(z.string().min(1)).default([]),
});
const DirectorySchema = z.object({ note: z.string().optional(), organisations: z.array(OrgSchema).min(1) });
export type DirectoryFile = z.infer<typeof DirectorySchema>;

export const DIRECTORY_FILE = new URL('./seed/directory.json', import.meta.url);

export function loadDirectoryFile(file: URL | string = DIRECTORY_FILE): DirectoryFile {
  return DirectorySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export async function seedDirectory(db: Db, file: DirectoryFile = loadDirectoryFile()): Promise<number> {
  await db.transaction(async (tx) => {
    for (const o of file.organisations) {
      await tx
        .insert(organisations)
        .values(o)
        .onConflictDoUpdate({
          target: organisations.code,
          set: {
            name: sql`excluded.name`,
            aliases: sql`excluded.aliases`,
            kind: sql`excluded.kind`,
            receivingBody: sql`excluded.receiving_body`,
            phone: sql`excluded.phone`,
            mailbox: sql`excluded.mailbox`,
            keywords: sql`excluded.keywords`,
            examples: sql`excluded.examples`,
          },
        });
    }
  });
  return file.organisations.length;
}
