import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { parseCommand } from '../../dialogs/commands';
import { MemoryBotStorage } from '../../src/store/memory/botStorage';
import { deskOnTestAdapter, playgroundFacts } from './deskHarness';

/** The shared dialog harness, speaking as a client whose locale is `locale` (undefined: the channel sent none). */
function desk(storage = new MemoryBotStorage()) {
  const harness = deskOnTestAdapter(undefined, playgroundFacts, storage);
  return {
    last: () => harness.texts().at(-1)!,
    advanceWallClock: harness.advanceWallClock,
    say: async (id: string, text: string, locale: string | undefined, conversation?: string) =>
      harness.sayWith(id, text, {
        ...(locale === undefined ? {} : { locale }),
        ...(conversation ? { conversation: { id: conversation } as Activity['conversation'] } : {}),
      }),
  };
}

describe('DeskBot languages', () => {
  it('parses the German command words as their English commands, and nothing inherited from Object', () => {
    assert.deepEqual(parseCommand('/sprache de'), { name: 'language', rest: 'de' });
    assert.deepEqual(parseCommand('Abbrechen'), { name: 'cancel', rest: '' });
    assert.deepEqual(parseCommand('hilfe'), { name: 'help', rest: '' });
    assert.deepEqual(parseCommand('/erstattung alder'), { name: 'refund', rest: 'alder' });
    assert.deepEqual(parseCommand('Umtausch lumen'), { name: 'exchange', rest: 'lumen' });
    assert.deepEqual(parseCommand('/Anträge alder'), { name: 'requests', rest: 'alder' });
    assert.deepEqual(parseCommand('antraege'), { name: 'requests', rest: '' });
    assert.deepEqual(parseCommand('/verlängerung lumen'), { name: 'renew', rest: 'lumen' });
    assert.deepEqual(parseCommand('bereich'), { name: 'scope', rest: '' });
    assert.deepEqual(parseCommand('zugriff contoso'), { name: 'access', rest: 'contoso' });
    assert.deepEqual(parseCommand('/reservierung x'), { name: 'reservation', rest: 'x' });
    assert.deepEqual(parseCommand('grenze alder'), { name: 'cap', rest: 'alder' });
    assert.deepEqual(parseCommand('abonnieren credits all'), { name: 'subscribe', rest: 'credits all' });
    // A word that only starts like a command is not one.
    assert.equal(parseCommand('refunds'), undefined);
    assert.equal(parseCommand('anträgex'), undefined);
    assert.deepEqual(parseCommand('/refund\ncontoso'), { name: 'refund', rest: 'contoso' });
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.equal(parseCommand(word), undefined, word);
  });

  it('answers a de-DE agent in German: help, hilfe, cancel and abbrechen', async () => {
    const bot = desk();
    await bot.say('ava.lindqvist', 'help', 'de-DE');
    assert.match(bot.last(), /^Ich kalkuliere Rückerstattungen/);
    assert.match(bot.last(), /\/refund oder erstattung \[Kunde\]/);
    await bot.say('ava.lindqvist', 'hilfe', 'de-DE');
    assert.match(bot.last(), /^Ich kalkuliere/);
    await bot.say('ava.lindqvist', 'abbrechen', 'de-DE');
    assert.equal(bot.last(), 'Es gibt nichts abzubrechen.');
    await bot.say('ava.lindqvist', '/refund alder', 'de-DE');
    await bot.say('ava.lindqvist', 'abbrechen', 'de-DE');
    assert.equal(bot.last(), 'Der Vorgang /refund wurde abgebrochen. Es wurde nichts eingereicht.');
    await bot.say('ava.lindqvist', 'cancel', 'de-AT');
    assert.equal(bot.last(), 'Es gibt nichts abzubrechen.', 'any German-speaking region gets German');
  });

  it('answers in English for an English, unknown, malformed or missing locale', async () => {
    const bot = desk();
    for (const locale of ['en-US', 'fr-FR', 'de_DE!', '<x>', undefined]) {
      await bot.say('ava.lindqvist', 'cancel', locale);
      assert.equal(bot.last(), 'There is nothing to cancel.', String(locale));
    }
  });

  it('switches with /language en, remembers it per agent in every conversation, and again with /sprache de', async () => {
    const storage = new MemoryBotStorage();
    const bot = desk(storage);
    await bot.say('ava.lindqvist', '/language en', 'de-DE');
    assert.equal(bot.last(), 'I answer in English from now on.');
    await bot.say('ava.lindqvist', 'help', 'de-DE');
    assert.match(bot.last(), /^I quote and file Azure reservation refunds/);
    await bot.say('ava.lindqvist', 'help', 'de-DE', 'another-conversation');
    assert.match(bot.last(), /^I quote and file/, 'the choice belongs to the agent, not the conversation');
    // A new bot instance on the same storage (another replica, a restart) still knows the choice.
    const restarted = desk(storage);
    await restarted.say('ava.lindqvist', 'cancel', 'de-DE');
    assert.equal(restarted.last(), 'There is nothing to cancel.');
    await bot.say('chloe.dubois', 'cancel', 'de-DE');
    assert.equal(bot.last(), 'Es gibt nichts abzubrechen.', 'another agent keeps their own language');
    await bot.say('ava.lindqvist', '/sprache Deutsch', 'en-US');
    assert.equal(bot.last(), 'Ich antworte ab jetzt auf Deutsch.');
    await bot.say('ava.lindqvist', 'cancel', 'en-US');
    assert.equal(bot.last(), 'Es gibt nichts abzubrechen.', 'the override wins over the channel locale');
  });

  it('lists the supported languages for an unknown /language value and changes nothing', async () => {
    const bot = desk();
    await bot.say('ava.lindqvist', '/language xx', 'de-DE');
    assert.equal(bot.last(), '„xx“ spreche ich nicht. Wählen Sie eine von: en (English), de (Deutsch). Es wurde nichts geändert.');
    for (const value of ['fr', 'constructor', '{x}', 'de DE']) {
      await bot.say('ava.lindqvist', `/language ${value}`, 'en-US');
      assert.match(bot.last(), /^I do not speak “.*”\. Choose one of: en \(English\), de \(Deutsch\)\. Nothing was changed\.$/, value);
    }
    await bot.say('ava.lindqvist', `/language fr\u202Eed${'x'.repeat(100)}`, 'en-US');
    assert.match(bot.last(), /^I do not speak “fredx{15}…”\./, 'the echo drops the bidi override and stays short');
    await bot.say('ava.lindqvist', 'cancel', 'de-DE');
    assert.equal(bot.last(), 'Es gibt nichts abzubrechen.', 'still the channel locale: nothing was remembered');
    await bot.say('ava.lindqvist', '/language', 'de-DE');
    assert.match(bot.last(), /^Ich antworte auf Deutsch\. .*en \(English\), de \(Deutsch\)\.$/);
  });

  it('keeps a flow going when the agent changes language in the middle of it', async () => {
    const bot = desk();
    await bot.say('ava.lindqvist', '/refund alder', 'en-US');
    await bot.say('ava.lindqvist', '/language de', 'en-US');
    await bot.say('ava.lindqvist', 'cancel', 'en-US');
    assert.equal(bot.last(), 'Der Vorgang /refund wurde abgebrochen. Es wurde nichts eingereicht.');
  });

  it('tells a German agent of an expired flow and a missing role in German', async () => {
    const bot = desk();
    await bot.say('ava.lindqvist', '/refund alder', 'de-DE');
    bot.advanceWallClock(31 * 60_000);
    await bot.say('ava.lindqvist', 'af-sql', 'de-DE');
    assert.equal(bot.last(), 'Ihr Vorgang /refund ist nach 30 Minuten ohne Aktivität abgelaufen. Es wurde nichts eingereicht. Beginnen Sie neu mit /refund.');
    await bot.say('mallory', '/refund', 'de-DE');
    assert.match(
      bot.last(),
      /^Leider dürfen nur Partnerbenutzer mit einer dieser Rollen .*: Admin agent, .*\(Sie stehen nicht auf der Benutzerliste dieses Partners\.\)$/,
    );
  });
});
