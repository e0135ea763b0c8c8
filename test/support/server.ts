/** The real composition root on a free port, a throwaway data directory and the test database. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Running, startServer } from '../../scripts/app';
import { readConfig } from '../../scripts/config';
import { createTestDatabaseUrl, onPostgres } from './db';
import { WebClient } from './http';

export interface TestServer {
  server: Running;
  dataDir: string;
  /** A staff invitation code through the loopback admin endpoint. */
  invite(org: string, role: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(name: string): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `xietong-${name}-`));
  let databaseUrl: string | undefined;
  let drop = async () => {};
  if (onPostgres) ({ url: databaseUrl, drop } = await createTestDatabaseUrl());
  const server = await startServer({ ...readConfig({}), port: 0, host: '127.0.0.1', databaseUrl, dataDir }, pino({ level: 'silent' }));
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
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
