// Starts the built SupportBot host on a free loopback port with a throw-away database, for node suites.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const configuration = process.env.SUPPORTBOT_TEST_CONFIGURATION || 'Release';
export const hostDll = process.env.SUPPORTBOT_HOST_DLL || join(repoRoot, 'src', 'SupportBot', 'bin', configuration, 'net10.0', 'SupportBot.dll');

export function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

export async function startSupportBot(settings = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'supportbot-conformance-'));
  const args = [
    hostDll,
    `--Urls=http://127.0.0.1:${port}`,
    `--Storage:ConnectionString=Data Source=${join(dataDir, 'supportbot.db')}`,
    ...Object.entries(settings).map(([key, value]) => `--${key}=${value}`),
  ];
  const child = spawn('dotnet', args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`SupportBot exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`SupportBot did not become ready:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    get log() {
      return log;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
