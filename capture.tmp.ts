import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorClient, MicrosoftAppCredentials, AppCredentials } from 'botframework-connector';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
async function main() {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      console.log(req.method, req.url, req.httpVersion, JSON.stringify(req.rawHeaders), Buffer.concat(chunks).toString());
      const status = Number(process.env.STATUS ?? 200);
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) });
      res.end(status >= 400 ? JSON.stringify({ error: { code: 'BadSyntax', message: 'no such thing' } }) : JSON.stringify({ id: 'sent-1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const creds = new MicrosoftAppCredentials('app-1', 'secret');
  (AppCredentials as unknown as { cache: Map<string, unknown> }).cache.set(creds['tokenCacheKey' as keyof typeof creds] as unknown as string, {
    accessToken: 'tok-1',
    expiresOn: new Date(Date.now() + 3600e3),
  });
  const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });
  const { ClaimsIdentity } = await import('botframework-connector');
  const anon = await auth.createConnectorFactory(new ClaimsIdentity([], true)).create(url);
  for (const c of [anon, new ConnectorClient(creds, { baseUri: url })]) {
    try {
      const r = await c.conversations.replyToActivity('a:1', 'in-1', { type: 'message', text: 'hé' } as never);
      console.log('answer', JSON.stringify(r), Object.keys(r));
    } catch (e) {
      const err = e as Record<string, unknown>;
      console.log(
        'error',
        err.name,
        err.message,
        err.code,
        err.statusCode,
        Object.keys(err),
        JSON.stringify(err.details),
        (err.response as { headers: { get(n: string): string } }).headers.get('retry-after'),
        Object.keys(err.response as object),
      );
    }
  }
  server.close();
}
main();
