import type { Request, Response, Server } from 'restify';
import type { Logger } from './log';
import type { RouteModule } from './server';
import type { ExportLinks } from './services/exportLinks';

/** GET /exports/<token>.csv|.jsonl: the file a `/requests export` link names; 404 once it expired. */
export function exportRoutes(links: ExportLinks, log: Logger): RouteModule {
  return {
    register(server: Server) {
      server.get('/exports/:file', async (req: Request, res: Response) => {
        const token = String(req.params.file ?? '').replace(/\.(csv|jsonl)$/, '');
        const file = await links.file(token).catch((err: unknown) => {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'export link failed');
          return null;
        });
        if (file === null) {
          res.send(500, { error: 'The export could not be made. Try again.' });
          return;
        }
        if (!file) {
          res.send(404, { error: 'This export link is unknown or has expired (links live 15 minutes). Ask for a new one with /requests export.' });
          return;
        }
        res.writeHead(200, {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.filename}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(file.body);
      });
    },
  };
}
