import type { TurnContext } from 'botbuilder';
import { webApiFetch } from './webApiFetch';
import { LogLevel, webApi, type App as BoltApp } from '@slack/bolt';
import type { SlackSettings } from '../../config';
import type { Logger } from '../../log';
import type { IdempotencyStore } from '../../ports/idempotency';
import type { RouteModule } from '../../server';
import { SlackBridge } from './bridge';
import { SlackAdapter } from './slackAdapter';
import { leanChatApi } from './leanChatApi';
import { slackRoutes } from './slackRoutes';
import { SlackUserLocales } from './userLocales';
import { createSocketModeApp } from './socketMode';

export { SLACK_ROUTES } from './slackRoutes';
export { SLACK_COMMANDS } from './activities';

export interface SlackChannel {
  adapter: SlackAdapter;
  /**
   * For credit notices: its client hands a 429 straight back (rejectRateLimitedCalls), so the delivery worker waits
   * on its own terms and the interactive client's queue is never paused by a burst of notices.
   */
  noticeAdapter: SlackAdapter;
  bridge: SlackBridge;
  /** HTTP mode: the Slack endpoints on the bot's server. */
  routes?: RouteModule;
  /** Socket Mode (SLACK_APP_TOKEN set): the Bolt app holding the socket. */
  socketApp?: BoltApp;
  start(): Promise<void>;
  /** Waits for running turns, then closes the socket (if any). */
  stop(): Promise<void>;
}

export interface SlackChannelDeps {
  logic: (context: TurnContext) => Promise<void>;
  idempotency: IdempotencyStore;
  log: Logger;
}

/** Slack wiring: one Web API client, the adapter running DeskBot, and either HTTP routes or a Socket Mode app. */
export function createSlackChannel(settings: SlackSettings, deps: SlackChannelDeps): SlackChannel {
  const client = new webApi.WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    fetch: webApiFetch,
    logLevel: LogLevel.ERROR,
    // A few quick retries; a turn should fail visibly rather than wait half an hour.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
  });
  const adapter = new SlackAdapter(leanChatApi(client, deps.log), deps.log, undefined, new SlackUserLocales(client, deps.log));
  const noticeClient = new webApi.WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    fetch: webApiFetch,
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  const noticeAdapter = new SlackAdapter(noticeClient, deps.log);
  const bridge = new SlackBridge({ adapter, logic: deps.logic, idempotency: deps.idempotency, log: deps.log });
  const socketApp = settings.appToken
    ? createSocketModeApp({ appToken: settings.appToken, botToken: settings.botToken, apiUrl: settings.apiUrl }, bridge, deps.log)
    : undefined;
  const routes = socketApp ? undefined : slackRoutes(settings.signingSecret, bridge, deps.log);
  return {
    adapter,
    noticeAdapter,
    bridge,
    routes,
    socketApp,
    start: async () => {
      if (socketApp) await socketApp.start();
    },
    stop: async () => {
      await bridge.idle();
      if (socketApp) await socketApp.stop();
    },
  };
}
