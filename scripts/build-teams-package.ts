/**
 * Builds the Teams app package: build/reservation-desk-teams.zip holding manifest.json, color.png,
 * outline.png and the localization files the manifest names (de.json) at the root (the layout Teams and the
 * Developer Portal accept for upload).
 *
 *   MicrosoftAppId=<bot app id> [TEAMS_APP_ID=<guid>] [BOT_DOMAIN=bot.example.com] npm run package:teams
 *
 * manifest/teams/manifest.json is a template: {{BOT_ID}}, {{TEAMS_APP_ID}} and {{APP_VERSION}} are filled here,
 * so no tenant's IDs live in the repository.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { ConfigError } from '../src/errors';

export const TEAMS_MANIFEST_DIR = join(__dirname, '..', 'manifest', 'teams');
export const TEAMS_PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png', 'de.json'] as const;
export const DEFAULT_TEAMS_PACKAGE_PATH = join(__dirname, '..', 'build', 'reservation-desk-teams.zip');
/**
 * Teams keys an installed app by this id, so it must not change between builds (a new id would install a second
 * app next to the first). Partners publishing their own copy set TEAMS_APP_ID instead.
 */
export const DEFAULT_TEAMS_APP_ID = '6b0f3c52-8d1e-4a57-9c3b-2e7d41a9f086';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const PLACEHOLDER = /\{\{([A-Z_]+)\}\}/g;

export type PackageEnv = Readonly<Record<string, string | undefined>>;

function requiredGuid(env: PackageEnv, variable: string, fallback?: string): string {
  const value = env[variable]?.trim() || fallback;
  if (!value) {
    throw new ConfigError(variable, `${variable} is not set: the Teams package needs the bot's Microsoft App ID.`);
  }
  if (!GUID.test(value)) throw new ConfigError(variable, `${variable} must be a GUID, got "${value}".`);
  return value.toLowerCase();
}

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Fills the manifest template from the environment. Throws ConfigError (and returns nothing) when an id is missing
 * or malformed, or when the template holds a placeholder this script does not know.
 */
export function renderTeamsManifest(template: string, env: PackageEnv): Record<string, unknown> {
  const values: Record<string, string> = {
    BOT_ID: requiredGuid(env, 'MicrosoftAppId'),
    TEAMS_APP_ID: requiredGuid(env, 'TEAMS_APP_ID', DEFAULT_TEAMS_APP_ID),
    APP_VERSION: appVersion(),
  };
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new ConfigError(name, `manifest.json uses an unknown placeholder ${whole}.`);
    return value;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown> & { validDomains?: string[] };
  const botDomain = env.BOT_DOMAIN?.trim();
  if (botDomain) {
    if (!HOSTNAME.test(botDomain)) {
      throw new ConfigError('BOT_DOMAIN', `BOT_DOMAIN must be a bare host name such as bot.example.com, got "${botDomain}".`);
    }
    manifest.validDomains = [...new Set([...(manifest.validDomains ?? []), botDomain.toLowerCase()])];
  }
  return manifest;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** MS-DOS date for 1980-01-01 00:00: a fixed timestamp keeps the zip byte-identical across builds. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/** A plain zip (deflate, no zip64, no extra fields): all a Teams package needs, no dependency for it. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal and external attributes stay 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface TeamsPackage {
  path: string;
  manifest: Record<string, unknown>;
}

/** A localization file's name: a plain JSON file beside manifest.json (Teams reads it from the package root). */
const LOCALIZATION_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.json$/;
/** Keys of a localization file that are not manifest paths. */
const LOCALIZATION_META_KEYS = new Set(['$schema', 'localizationKeys']);

/** The string at a localization key's path (`name.short`, `bots[0].commandLists[1].commands[2].title`), if any. */
export function manifestStringAt(manifest: unknown, key: string): string | undefined {
  let node: unknown = manifest;
  for (const part of key.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? (/^\d+$/.test(part) ? node[Number(part)] : undefined) : (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * The manifest's localization files (`localizationInfo.additionalLanguages`), read and checked: each a plain file
 * beside manifest.json, valid JSON, written for the manifest's own schema version (Teams requires the same version
 * in both), and every key naming a string the manifest has — a key pointing nowhere (a command removed or moved)
 * would leave a language showing a wrong or missing text. Throws, naming the file, when one is not.
 */
export function teamsLocalizationFiles(manifest: Record<string, unknown>, dir = TEAMS_MANIFEST_DIR): ZipEntry[] {
  const info = manifest.localizationInfo as { additionalLanguages?: Array<{ languageTag: string; file: string }> } | undefined;
  const version = String(manifest.manifestVersion);
  return (info?.additionalLanguages ?? []).map(({ languageTag, file }) => {
    if (!LOCALIZATION_FILE.test(file)) throw new Error(`localization file for ${languageTag} must be a .json file beside manifest.json, got "${file}".`);
    const data = readFileSync(join(dir, file));
    const strings = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    if (!String(strings.$schema ?? '').endsWith(`/v${version}/MicrosoftTeams.Localization.schema.json`)) {
      throw new Error(`${file}: $schema must be the v${version} localization schema, as manifest.json is v${version}.`);
    }
    for (const [key, value] of Object.entries(strings)) {
      if (LOCALIZATION_META_KEYS.has(key)) continue;
      if (typeof value !== 'string' || value.trim() === '') throw new Error(`${file}: "${key}" must be a non-empty string.`);
      if (manifestStringAt(manifest, key) === undefined) throw new Error(`${file}: "${key}" names nothing in manifest.json.`);
    }
    return { name: file, data };
  });
}

/** Renders the manifest and writes the zip; on a configuration error (or a broken localization file) nothing is written. */
export function buildTeamsPackage(env: PackageEnv, outPath = DEFAULT_TEAMS_PACKAGE_PATH, dir = TEAMS_MANIFEST_DIR): TeamsPackage {
  const manifest = renderTeamsManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), env);
  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: readFileSync(join(dir, 'color.png')) },
    { name: 'outline.png', data: readFileSync(join(dir, 'outline.png')) },
    ...teamsLocalizationFiles(manifest, dir),
  ];
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, createZip(entries));
  return { path: outPath, manifest };
}

if (require.main === module) {
  try {
    const built = buildTeamsPackage(process.env);
    console.log(`wrote ${built.path} (Teams app id ${String(built.manifest.id)})`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
