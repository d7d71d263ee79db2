// The touchpoint log's exports as an analyst's warehouse tool reads them: DuckDB (its own Node.js build) reads the
// Parquet and the CSV export of the same seeded store, and both must hold the same rows, columns and values, with the
// Parquet's columns typed (timestamps as UTC instants, numbers as numbers).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { hostDll, repoRoot, startSupportBot } from './supportbot-host.mjs';

const supervisorKey = 'conformance-supervisor-key-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'supportbot-export-'));
const database = `Data Source=${join(dataDir, 'supportbot.db')}`;
let bot;
let duck;

async function exported(format, query) {
  const response = await fetch(`${bot.url}/api/analytics/export.${format}?${query}`, { headers: { 'X-Api-Key': supervisorKey } });
  assert.equal(response.status, 200, `export.${format}: ${await response.clone().text()}`);
  const file = join(dataDir, `touchpoints.${format}`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

async function rows(sql) {
  return (await duck.runAndReadAll(sql)).getRowObjectsJson();
}

before(async () => {
  // Demo journeys of the last 30 days, written by the product's own seeder into the store the host then serves.
  await promisify(execFile)('dotnet', [hostDll, 'seed-demo', '--journeys', '300', '--days', '30', `--Storage:ConnectionString=${database}`], { cwd: repoRoot });
  bot = await startSupportBot({
    'Storage:ConnectionString': database,
    'Agents:ApiKeys:0:Key': supervisorKey,
    'Agents:ApiKeys:0:Agent': 'analyst',
    'Agents:ApiKeys:0:Role': 'supervisor',
  });
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});

after(async () => {
  duck?.closeSync();
  await bot?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('DuckDB reads the Parquet export with typed columns and the same rows as the CSV export', async () => {
  const today = new Date();
  const from = new Date(today.getTime() - 40 * 86_400_000).toISOString().slice(0, 10);
  const to = today.toISOString().slice(0, 10);
  const parquet = await exported('parquet', `from=${from}&to=${to}`);
  const csv = await exported('csv', `from=${from}&to=${to}`);
  const p = `read_parquet('${parquet}')`;
  const c = `read_csv('${csv}', header = true, all_varchar = true)`;

  const [{ n }] = await rows(`SELECT count(*) AS n FROM ${p}`);
  assert.ok(Number(n) > 1000, `300 journeys should export more than 1,000 touchpoints, got ${n}`);
  assert.deepEqual(await rows(`SELECT count(*) AS n FROM ${c}`), [{ n }]);

  const columns = (await rows(`DESCRIBE SELECT * FROM ${p}`)).map((column) => [column.column_name, column.column_type]);
  const csvColumns = (await rows(`DESCRIBE SELECT * FROM ${c}`)).map((column) => column.column_name);
  assert.deepEqual(columns.map(([name]) => name), csvColumns, 'the Parquet file has the CSV\'s columns in its order');
  const types = Object.fromEntries(columns);
  assert.equal(types.id, 'BIGINT');
  assert.equal(types.occurred_at, 'TIMESTAMP WITH TIME ZONE');
  assert.equal(types.kind, 'VARCHAR');
  assert.equal(types.confidence, 'DOUBLE');
  assert.equal(types.latency_ms, 'DOUBLE');

  // Row by row, every value the Parquet file holds is the CSV's (the CSV read as text; the instants compared as instants).
  const differing = await rows(`
    SELECT count(*) AS n FROM ${p} AS pq FULL JOIN ${c} AS cs ON pq.id = CAST(cs.id AS BIGINT)
    WHERE pq.id IS NULL OR cs.id IS NULL
       OR pq.occurred_at IS DISTINCT FROM CAST(cs.occurred_at AS TIMESTAMPTZ)
       OR pq.conversation_id IS DISTINCT FROM cs.conversation_id OR pq.channel IS DISTINCT FROM cs.channel
       OR pq.customer_id IS DISTINCT FROM cs.customer_id OR pq.kind IS DISTINCT FROM cs.kind
       OR coalesce(pq.text, '') IS DISTINCT FROM coalesce(cs.text, '') OR coalesce(pq.reason, '') IS DISTINCT FROM coalesce(cs.reason, '')
       OR pq.confidence IS DISTINCT FROM TRY_CAST(cs.confidence AS DOUBLE)
       OR pq.latency_ms IS DISTINCT FROM TRY_CAST(cs.latency_ms AS DOUBLE)`);
  assert.deepEqual(differing, [{ n: '0' }]);

  // What an analyst would ask first: the journey's steps by kind, in time order, the same from both files.
  const byKind = `SELECT kind, count(*) AS n, min(occurred_at) AS first FROM %s GROUP BY kind ORDER BY kind`;
  const fromParquet = await rows(byKind.replace('%s', p));
  assert.ok(fromParquet.some((row) => row.kind === 'customer_message'));
  assert.deepEqual(
    fromParquet.map((row) => [row.kind, row.n]),
    (await rows(byKind.replace('%s', c))).map((row) => [row.kind, row.n]));
});
