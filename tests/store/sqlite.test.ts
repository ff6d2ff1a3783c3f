import { fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openSqliteStore } from '../../cloudfunctions/store/sqlite';
import { runStoreContract } from './contract';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;
const tmpFile = () => path.join(tmpRoot, `t${++n}.db`);

runStoreContract('sqlite :memory:', async () => openSqliteStore(':memory:'));
runStoreContract('sqlite file', async () => openSqliteStore(tmpFile()));

describe('sqlite specifics', () => {
  it('persists across reopen and sees collections created on the fly', async () => {
    const file = tmpFile();
    const a = openSqliteStore(file);
    await a.create('counters', { _id: 'x', v: 1 });
    await a.create('extra_things', { _id: 'y', v: 2 });
    await a.close();
    const b = openSqliteStore(file);
    expect(await b.get('counters', 'x')).toEqual({ _id: 'x', v: 1 });
    expect(await b.query('extra_things', { v: 2 })).toEqual([{ _id: 'y', v: 2 }]);
    expect(await b.query('never_written', {})).toEqual([]);
    expect(await b.get('never_written', 'z')).toBeNull();
    await b.close();
  });

  it('a table created inside a rolled-back transaction is created again later', async () => {
    const s = openSqliteStore(':memory:');
    await expect(
      s.transaction(async (tx) => {
        await tx.create('brand_new', { _id: '1' });
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await s.create('brand_new', { _id: '2' });
    expect(await s.count('brand_new', {})).toBe(1);
    await s.close();
  });

  it('a TxOps call after the transaction finished fails', async () => {
    const s = openSqliteStore(':memory:');
    let leaked: any;
    await s.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked.get('counters', 'x')).rejects.toThrow(/finished/);
    await s.close();
  });

  it('rejects unsafe collection and field names', async () => {
    const s = openSqliteStore(':memory:');
    await expect(s.query('x"; drop', {})).rejects.toThrow(/collection/);
    await expect(s.query('sessions', { "a') OR 1=1 --": 1 })).rejects.toThrow(/field/);
    await s.close();
  });

  it('two OS processes taking seats on one file never exceed the limit', async () => {
    const file = tmpFile();
    const capacity = 150;
    const setup = openSqliteStore(file);
    await setup.create('sessions', { _id: 'shared', capacity, booked: 0 });

    const worker = path.join(__dirname, 'seat-worker.ts');
    const start = (name: string) => {
      const child = fork(worker, [file, '120', name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
      const done = new Promise<{ ok: number; full: number }>((resolve, reject) => {
        child.on('message', (m: any) => {
          if (m.error) reject(new Error(m.error));
          else if ('ok' in m) resolve(m);
        });
        child.on('exit', (code) => {
          if (code) reject(new Error(`${name} exited ${code}`));
        });
      });
      return { child, ready, done };
    };
    const p1 = start('p1');
    const p2 = start('p2');
    await Promise.all([p1.ready, p2.ready]);
    p1.child.send('go');
    p2.child.send('go');
    const [r1, r2] = await Promise.all([p1.done, p2.done]);

    expect(r1.ok + r2.ok).toBe(capacity);
    expect(r1.full + r2.full).toBe(240 - capacity);
    expect(r1.ok).toBeGreaterThan(0); // both really competed
    expect(r2.ok).toBeGreaterThan(0);
    expect((await setup.get('sessions', 'shared'))!.booked).toBe(capacity);
    expect(await setup.count('bookings', { sessionId: 'shared' })).toBe(capacity);
    await setup.close();
  });
});
