/** The real composition root on a free port, a throwaway data directory and the test database. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { type Running, startServer } from '../../scripts/app';
import { readConfig } from '../../scripts/config';
import { serverStorage } from './db';
import { WebClient } from './http';

export interface TestServer {
  server: Running;
  dataDir: string;
  /** A staff invitation code through the loopback admin endpoint. */
  invite(org: string, role: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Tests send messages far faster than people and file many complaints from one address:
 * they raise those limits through the same settings as production (LIMIT_*, README).
 */
export const RAISED_LIMITS: NodeJS.ProcessEnv = {
  LIMIT_CHAT: '100000/1m', LIMIT_CHAT_IP: '100000/1m', LIMIT_COMPLAINTS: '10000/1h', LIMIT_COMPLAINTS_IP: '10000/1h',
};

export async function startTestServer(name: string, env: NodeJS.ProcessEnv = RAISED_LIMITS): Promise<TestServer> {
  // Migrated and seeded already (a copy of the global setup's): the start skips the migrations.
  const { dataDir, databaseUrl, drop } = await serverStorage(name);
  const server = await startServer({ ...readConfig(env), port: 0, host: '127.0.0.1', databaseUrl, dataDir }, pino({ level: 'silent' }));
  return {
    server,
    dataDir,
    async invite(org, role) {
      const token = readFileSync(join(dataDir, 'admin-token'), 'utf8');
      const r = await new WebClient(server.url).request('/admin/invites', {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ org, role }),
      });
      if (r.status !== 201) throw new Error(`invite ${org} ${role}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.code;
    },
    async close() {
      await server.close();
      await drop(); // the database and the data directory
    },
  };
}
