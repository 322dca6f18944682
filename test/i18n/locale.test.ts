import assert from 'node:assert/strict';
import { resolveLocale } from '../../src/i18n';

describe('resolveLocale', () => {
  it('maps a channel locale to its supported language', () => {
    for (const raw of ['de-DE', 'de-AT', 'de-CH', 'de', 'DE-de', 'de_DE', 'de-DE-u-co-phonebk']) assert.equal(resolveLocale(raw), 'de', raw);
    for (const raw of ['en-US', 'en-GB', 'en', 'en_us']) assert.equal(resolveLocale(raw), 'en', raw);
  });

  it('falls back to English for a well-formed locale the bot does not have', () => {
    for (const raw of ['fr-FR', 'ja', 'zz-ZZ', 'pt-BR']) assert.equal(resolveLocale(raw), 'en', raw);
  });

  it('treats a malformed or missing locale as absent and never throws', () => {
    for (const raw of ['', ' ', '-', 'de-', '123', 'x', 'de DE', '<script>', 'a'.repeat(80), undefined, null, 42, {}, ['de']]) {
      assert.equal(resolveLocale(raw), undefined, JSON.stringify(raw));
    }
  });
});
