import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommand } from '../../../dialogs/commands';
import { SLACK_COMMANDS, SLACK_ROUTES } from '../../../src/channels/slack';

interface SlackManifest {
  features: { slash_commands: Array<{ command: string; url: string; description: string }>; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../manifest/slack/manifest.json'), 'utf8')) as SlackManifest;
const pathOf = (url: string) => new URL(url).pathname;

describe('Slack app manifest', () => {
  it('declares exactly the slash commands the bot serves, each one the dialogs parse as itself, at the commands route', () => {
    const commands = manifest.features.slash_commands;
    assert.deepEqual(commands.map((c) => c.command).sort(), [...SLACK_COMMANDS].sort());
    for (const command of commands) {
      assert.equal(pathOf(command.url), SLACK_ROUTES.commands, command.command);
      assert.equal(parseCommand(command.command)?.name, command.command.slice(1));
      assert.ok(command.description.length > 0 && command.description.length <= 100);
    }
  });

  it('points interactivity and event subscriptions at the routes the bot serves, on the commands host', () => {
    const host = new URL(manifest.features.slash_commands[0].url).host;
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    assert.equal(pathOf(manifest.settings.interactivity.request_url), SLACK_ROUTES.interactivity);
    assert.equal(pathOf(manifest.settings.event_subscriptions.request_url), SLACK_ROUTES.events);
    for (const url of [manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url]) {
      assert.equal(new URL(url).protocol, 'https:');
      assert.equal(new URL(url).host, host);
    }
  });

  it('subscribes to the events the bot turns into messages, with the bot scopes they need and no more', () => {
    assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), ['app_mention', 'message.im']);
    // users:read: users.info with include_locale, for the language each person answers in.
    assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), ['app_mentions:read', 'chat:write', 'commands', 'im:history', 'users:read']);
    assert.equal(typeof manifest.settings.socket_mode_enabled, 'boolean');
  });
});
