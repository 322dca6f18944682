import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../src/log';
import { createHttpServer } from '../src/server';
import restify from 'restify';

describe('HTTP error logging', () => {
  it('logs a refused body by route and code, never its content', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const server = createHttpServer(createLogger('info', sink), { liveness: [], readiness: [] }, [
      { register: (s) => s.post('/echo', restify.plugins.bodyParser({ maxBodySize: 1024 }), async (_req, res) => void res.send(200)) },
    ]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${server.address().port}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'jane.doe@example.com is not json',
      });
      assert.equal(res.status, 400);
      await new Promise((resolve) => setImmediate(resolve));
      const logged = lines.join('');
      assert.match(logged, /"route":"\/echo"/);
      assert.ok(!logged.includes('jane.doe'), `the body leaked into the log: ${logged}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
