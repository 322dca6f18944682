import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { COMMANDS, FLOW_COMMANDS, parseCommand } from '../../dialogs/commands';
import { ConfigError } from '../../src/errors';
import {
  DEFAULT_TEAMS_APP_ID,
  TEAMS_MANIFEST_DIR,
  TEAMS_PACKAGE_FILES,
  buildTeamsPackage,
  manifestStringAt,
  renderTeamsManifest,
  teamsLocalizationFiles,
} from '../../scripts/build-teams-package';
import { drawColorIcon, drawOutlineIcon, encodePng } from '../../scripts/make-teams-icons';

interface CommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles: boolean;
  isNotificationOnly: boolean;
  commandLists: CommandList[];
}
interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  version: string;
  icons: { color: string; outline: string };
  bots: Bot[];
  validDomains: string[];
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: Array<{ languageTag: string; file: string }> };
}

const template = readFileSync(join(TEAMS_MANIFEST_DIR, 'manifest.json'), 'utf8');
const render = (env: Record<string, string>): TeamsManifest =>
  renderTeamsManifest(template, env) as unknown as TeamsManifest;

/** The schema for the manifest's own version, from the copy bundled in @microsoft/app-manifest: no network. */
function bundledSchema(manifestVersion: string): object {
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = join(packageDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

/**
 * The localization file schema of the same manifest version, from the same bundled copy. A few of its key patterns
 * write a literal `]` unescaped (`…\\b]\\.description$`), which the validator's unicode-mode RegExp refuses to
 * compile; escaping that `]` keeps each pattern's meaning.
 */
function bundledLocalizationSchema(manifestVersion: string): object {
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = join(packageDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.Localization.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { patternProperties: Record<string, unknown> };
  schema.patternProperties = Object.fromEntries(Object.entries(schema.patternProperties).map(([pattern, rule]) => [pattern.replace(/\\b\]/g, '\\b\\]'), rule]));
  return schema;
}

async function localizationErrors(strings: Record<string, string>, manifestVersion: string): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(strings as never, bundledLocalizationSchema(manifestVersion) as never);
}

async function schemaErrors(manifest: TeamsManifest): Promise<string[]> {
  const schema = bundledSchema(manifest.manifestVersion);
  // The library types the schema per manifest version; the JSON file is exactly that schema.
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema as never);
}

interface Png {
  width: number;
  height: number;
  rgba: Buffer;
}

/** Reads an 8-bit RGBA PNG independently of our encoder: checks chunk CRCs and undoes all five scanline filters. */
function decodePng(file: Buffer): Png {
  assert.deepEqual([...file.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    assert.equal(file.readUInt32BE(offset + 8 + length), crc32(file.subarray(offset + 4, offset + 8 + length)), `${type} CRC`);
    offset += 12 + length;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([data[8], data[9], data[12]], [8, 6, 0], 'expects 8-bit RGBA, not interlaced');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else throw new Error(`unknown PNG filter ${filter}`);
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** The size from the IHDR header alone, as Teams' upload check reads it. */
function pngSize(file: Buffer): { width: number; height: number } {
  assert.equal(file.toString('ascii', 12, 16), 'IHDR');
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20) };
}

/** Lists a zip through its central directory and inflates every entry, checking each CRC. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'central directory header');
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    assert.equal(zip.readUInt32LE(localOffset), 0x04034b50, `local header of ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const stored = zip.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(stored) : method === 0 ? Buffer.from(stored) : assert.fail(`method ${method}`);
    assert.equal(crc32(data), crc, `CRC of ${name}`);
    files.set(name, data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

describe('Teams app manifest', () => {
  const botId = randomUUID();
  const manifest = render({ MicrosoftAppId: botId });

  it('validates against the JSON schema of the manifest version it declares', async () => {
    assert.match(manifest.$schema, new RegExp(`/teams/v${manifest.manifestVersion.replace('.', '\\.')}/MicrosoftTeams\\.schema\\.json$`));
    assert.ok(Number(manifest.manifestVersion) >= 1.17, `manifest version ${manifest.manifestVersion} is current`);
    assert.deepEqual(await schemaErrors(manifest), []);
  });

  it('is rejected by the same validation when it breaks the schema (the check is not vacuous)', async () => {
    const broken = structuredClone(manifest);
    broken.bots[0].scopes = ['personal', 'everyone'];
    broken.bots[0].botId = 'not-a-guid';
    const errors = await schemaErrors(broken);
    assert.ok(errors.some((e) => e.startsWith('/bots/0/scopes/1')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('/bots/0/botId')), errors.join('\n'));
  });

  it('declares one conversational bot in personal, team and group chat scopes, without files', () => {
    assert.equal(manifest.bots.length, 1);
    const [bot] = manifest.bots;
    assert.equal(bot.botId, botId);
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot.supportsFiles, false);
    assert.equal(bot.isNotificationOnly, false);
  });

  it('lists, in every scope, exactly the flow commands and help, each one the bot parses as itself', () => {
    const [bot] = manifest.bots;
    const listedScopes = bot.commandLists.flatMap((list) => list.scopes).sort();
    assert.deepEqual(listedScopes, [...bot.scopes].sort(), 'one command list per bot scope');
    const expected = [...FLOW_COMMANDS, 'help'].sort();
    for (const list of bot.commandLists) {
      const titles = list.commands.map((command) => command.title);
      assert.deepEqual([...titles].sort(), expected, `commands for ${list.scopes.join(',')}`);
      for (const command of list.commands) {
        assert.ok((COMMANDS as readonly string[]).includes(command.title));
        assert.equal(parseCommand(command.title)?.name, command.title, `the bot understands "${command.title}"`);
        assert.ok(command.description.length > 0 && command.description.length <= 128, `short description for ${command.title}`);
      }
    }
  });

  it('fills the app id from TEAMS_APP_ID, or a stable default, and the version from package.json', () => {
    const appId = randomUUID();
    assert.equal(render({ MicrosoftAppId: botId, TEAMS_APP_ID: appId }).id, appId);
    assert.equal(manifest.id, DEFAULT_TEAMS_APP_ID);
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(manifest.version, pkg.version);
    assert.doesNotMatch(JSON.stringify(manifest), /\{\{/, 'no placeholder left');
  });

  it('adds BOT_DOMAIN to validDomains and refuses a value that is not a host name', () => {
    const withDomain = render({ MicrosoftAppId: botId, BOT_DOMAIN: 'desk.contoso.com' });
    assert.ok(withDomain.validDomains.includes('desk.contoso.com'));
    assert.ok(withDomain.validDomains.includes('token.botframework.com'));
    assert.throws(
      () => render({ MicrosoftAppId: botId, BOT_DOMAIN: 'https://desk.contoso.com/api' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'BOT_DOMAIN',
    );
  });

  it('refuses a missing or malformed MicrosoftAppId or TEAMS_APP_ID with a ConfigError naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'MicrosoftAppId'],
      [{ MicrosoftAppId: '   ' }, 'MicrosoftAppId'],
      [{ MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId'],
      [{ MicrosoftAppId: botId, TEAMS_APP_ID: '1234' }, 'TEAMS_APP_ID'],
    ];
    for (const [env, variable] of cases) {
      assert.throws(
        () => render(env),
        (error: unknown) => error instanceof ConfigError && error.code === 'config' && error.variable === variable,
        JSON.stringify(env),
      );
    }
  });
});

describe('Teams app manifest in German (localizationInfo, de.json)', () => {
  const manifest = render({ MicrosoftAppId: randomUUID() });
  const german = JSON.parse(readFileSync(join(TEAMS_MANIFEST_DIR, 'de.json'), 'utf8')) as Record<string, string>;

  it('declares English as the default and German in de.json', () => {
    assert.deepEqual(manifest.localizationInfo, { defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'de-de', file: 'de.json' }] });
  });

  it("validates de.json against the localization schema of the manifest's own version", async () => {
    assert.equal(german.$schema, `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`);
    assert.deepEqual(await localizationErrors(german, manifest.manifestVersion), []);
    // Not vacuous: a description over the schema's limit and a key the schema does not know are refused.
    const errors = await localizationErrors({ ...german, 'description.short': 'x'.repeat(81), 'bots[0].commandLists[3].commands[0].title': 'x' }, manifest.manifestVersion);
    assert.ok(errors.some((e) => e.includes('description.short')), errors.join('\n'));
    assert.ok(errors.length >= 2, errors.join('\n'));
  });

  it('translates every command description and only names strings the manifest has', () => {
    const keys = Object.keys(german).filter((key) => key !== '$schema');
    for (const key of keys) assert.notEqual(manifestStringAt(manifest, key), undefined, `${key} names nothing in manifest.json`);
    manifest.bots[0].commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const description = german[`bots[0].commandLists[${l}].commands[${c}].description`];
        assert.ok(description && description !== command.description, `German description of ${command.title} (${list.scopes.join(',')})`);
        assert.ok(description.length <= 128, `short description for ${command.title}`);
      }),
    );
    for (const key of ['name.full', 'description.short', 'description.full']) assert.notEqual(german[key], manifestStringAt(manifest, key), key);
  });

  it('gives refund, exchange and help German titles the bot understands as the same commands (Teams types the title)', () => {
    const titles = new Map<string, string>();
    manifest.bots[0].commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const localized = german[`bots[0].commandLists[${l}].commands[${c}].title`];
        if (localized === undefined) return;
        assert.equal(parseCommand(localized)?.name, parseCommand(command.title)?.name, `"${localized}" means ${command.title}`);
        titles.set(command.title, localized);
      }),
    );
    assert.deepEqual(Object.fromEntries(titles), { refund: 'erstattung', exchange: 'umtausch', help: 'hilfe' });
  });

  it('stops the package build, writing nothing, when de.json names a command the manifest does not have or is for another version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teams-manifest-'));
    try {
      cpSync(TEAMS_MANIFEST_DIR, dir, { recursive: true });
      const target = join(dir, 'out', 'app.zip');
      writeFileSync(join(dir, 'de.json'), JSON.stringify({ ...german, 'bots[0].commandLists[0].commands[9].title': 'neu' }));
      assert.throws(() => buildTeamsPackage({ MicrosoftAppId: randomUUID() }, target, dir), /commands\[9\]\.title" names nothing/);
      writeFileSync(join(dir, 'de.json'), JSON.stringify({ ...german, $schema: german.$schema.replace(/v\d+\.\d+/, 'v1.17') }));
      assert.throws(() => buildTeamsPackage({ MicrosoftAppId: randomUUID() }, target, dir), /v1\.24 localization schema/);
      assert.equal(existsSync(target), false);
      assert.throws(() => teamsLocalizationFiles({ ...manifest, localizationInfo: { defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'de-de', file: '../de.json' }] } } as never, dir), /beside manifest\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Teams app icons', () => {
  // The file names the manifest points at, so a renamed icon cannot slip past.
  const { icons } = JSON.parse(template) as TeamsManifest;
  const color = readFileSync(join(TEAMS_MANIFEST_DIR, icons.color));
  const outline = readFileSync(join(TEAMS_MANIFEST_DIR, icons.outline));

  it('has the sizes Teams requires: colour 192x192, outline 32x32', () => {
    assert.deepEqual(pngSize(color), { width: 192, height: 192 });
    assert.deepEqual(pngSize(outline), { width: 32, height: 32 });
  });

  it('draws the outline icon only in white on transparent, and not blank', () => {
    const { rgba } = decodePng(outline);
    let white = 0;
    let transparent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b, a] = rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else {
        assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i / 4} is not white`);
        white++;
      }
    }
    assert.ok(white > 0 && transparent > 0, `white ${white}, transparent ${transparent}`);
  });

  it('fills the colour icon edge to edge (no transparency) and uses more than one colour', () => {
    const { rgba } = decodePng(color);
    const colours = new Set<number>();
    for (let i = 0; i < rgba.length; i += 4) {
      assert.equal(rgba[i + 3], 255, `pixel ${i / 4} is not opaque`);
      colours.add(rgba.readUInt32BE(i));
    }
    assert.ok(colours.size >= 2);
  });

  it('are the committed output of scripts/make-teams-icons.ts (regenerating changes nothing)', () => {
    assert.ok(encodePng(drawColorIcon()).equals(color));
    assert.ok(encodePng(drawOutlineIcon()).equals(outline));
  });
});

describe('Teams app package', () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'teams-package-'));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('zips exactly manifest.json, the two icons and de.json at the root, with the filled manifest', async () => {
    const botId = randomUUID();
    const appId = randomUUID();
    const built = buildTeamsPackage({ MicrosoftAppId: botId, TEAMS_APP_ID: appId }, join(workDir, 'out', 'app.zip'));
    const files = readZip(readFileSync(built.path));
    assert.deepEqual([...files.keys()].sort(), [...TEAMS_PACKAGE_FILES].sort());

    const packaged = JSON.parse(files.get('manifest.json')!.toString('utf8')) as TeamsManifest;
    assert.equal(packaged.id, appId);
    assert.equal(packaged.bots[0].botId, botId);
    assert.deepEqual(await schemaErrors(packaged), []);
    assert.ok(files.get(packaged.icons.color)!.equals(readFileSync(join(TEAMS_MANIFEST_DIR, 'color.png'))));
    assert.ok(files.get(packaged.icons.outline)!.equals(readFileSync(join(TEAMS_MANIFEST_DIR, 'outline.png'))));
    // The German strings travel in the package, byte for byte, under the name the manifest gives them.
    assert.deepEqual(packaged.localizationInfo.additionalLanguages.map((l) => l.file), ['de.json']);
    assert.ok(files.get('de.json')!.equals(readFileSync(join(TEAMS_MANIFEST_DIR, 'de.json'))));
  });

  it('is byte-identical when built twice from the same inputs', () => {
    const env = { MicrosoftAppId: randomUUID() };
    const first = readFileSync(buildTeamsPackage(env, join(workDir, 'a.zip')).path);
    const second = readFileSync(buildTeamsPackage(env, join(workDir, 'b.zip')).path);
    assert.ok(first.equals(second));
  });

  it('writes nothing when the configuration is wrong', () => {
    const target = join(workDir, 'nested', 'app.zip');
    assert.throws(() => buildTeamsPackage({ MicrosoftAppId: 'nope' }, target), ConfigError);
    assert.equal(existsSync(target), false);
    assert.equal(existsSync(dirname(target)), false);
  });
});
