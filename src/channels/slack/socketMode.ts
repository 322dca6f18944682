import { App, LogLevel } from '@slack/bolt';
import type { Logger } from '../../log';
import { blockActionTurn, commandTurn, eventTurn, SLACK_COMMANDS, type SlackTurn } from './activities';
import type { SlackBridge } from './bridge';

export interface SocketModeSettings {
  appToken: string;
  botToken: string;
  apiUrl: string;
}

/**
 * Socket Mode: Slack pushes the same payloads over a WebSocket instead of HTTP (no public URL needed). Bolt acks
 * each one; the payload then takes the same way as over HTTP (activities.ts → SlackBridge). Bolt connects only
 * in `start()`.
 */
export function createSocketModeApp(settings: SocketModeSettings, bridge: SlackBridge, log: Logger): App {
  const app = new App({
    token: settings.botToken,
    appToken: settings.appToken,
    socketMode: true,
    // No auth.test at construction: the token is checked when the socket connects.
    tokenVerificationEnabled: false,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: settings.apiUrl },
  });
  const dispatch = (build: () => SlackTurn | undefined): void => {
    try {
      const turn = build();
      if (turn && !bridge.dispatch(turn)) bridge.tellBusy(turn);
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'slack (socket mode): payload refused');
    }
  };
  for (const command of SLACK_COMMANDS) {
    app.command(command, async ({ ack, command: payload }) => {
      await ack();
      dispatch(() => commandTurn(payload as unknown as Record<string, unknown>));
    });
  }
  app.action({ type: 'block_actions' }, async ({ ack, body }) => {
    await ack();
    dispatch(() => blockActionTurn(body as unknown as Record<string, unknown>));
  });
  for (const type of ['app_mention', 'message'] as const) {
    app.event(type, async ({ body }) => dispatch(() => eventTurn(body as unknown as Record<string, unknown>)));
  }
  return app;
}
