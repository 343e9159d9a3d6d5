// HTTP transport: moves bytes between Teams and the bot, plus health probes.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import type { Bot } from './app.js';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ServerDeps {
  bot: Bot;
  logger: Logger;
  /** Store open, sources reachable… */
  readiness: () => Promise<ReadinessCheck[]>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stop accepting, let in-flight turns finish (up to timeoutMs), then resolve. */
  close(timeoutMs?: number): Promise<void>;
}

export async function startServer(deps: ServerDeps, port: number, host: string): Promise<RunningServer> {
  const log = deps.logger.child({ module: 'http' });
  const app = express();
  app.disable('x-powered-by');
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | null = null;

  app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    if (draining) {
      res.status(503).set('Retry-After', '5').json({ error: 'shutting down' });
      return;
    }
    inFlight++;
    const started = performance.now();
    // Server-Timing lets operators (and the benchmark) see the time spent in the bot, apart from the network.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) => {
      if (name.toLowerCase() === 'content-type' && !res.headersSent) {
        setHeader('Server-Timing', `turn;dur=${(performance.now() - started).toFixed(1)}`);
      }
      return setHeader(name, value);
    };
    try {
      await deps.bot.adapter.process(req, res, (context) => deps.bot.app.run(context).then(() => undefined));
    } catch (err) {
      log.error({ err }, 'could not process an activity');
      if (!res.headersSent) res.status(500).json({ error: 'internal error' });
    } finally {
      inFlight--;
      if (draining && inFlight === 0) drained?.();
    }
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const checks = await deps
      .readiness()
      .catch((err: unknown) => [
        { name: 'readiness', ok: false, detail: err instanceof Error ? err.message : String(err) },
      ]);
    const ready = !draining && checks.every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', draining, checks });
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${actual}`;
  log.info({ url: `${url}/api/messages` }, 'listening');

  return {
    url,
    port: actual,
    async close(timeoutMs = 10_000) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        log.info({ inFlight }, 'waiting for in-flight turns');
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
