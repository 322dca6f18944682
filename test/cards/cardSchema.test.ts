import assert from 'node:assert/strict';
import { CARD_NAMES, loadTemplate } from '../../src/cards/render';
import { cardObjects, deskRuleProblems, schemaProblems, validateCard } from '../../src/cards/validate';
import { CARD_ID, PROMPT_CARDS, REQUEST_KEY, SHAPES, cardSamples, renderSample } from './cardSamples';
import { EXPORT_ACTION, TOPIC_ACTIONS, TOPIC_CARD_ID } from '../../src/cards/topicCards';

const TOPIC_CARDS: ReadonlySet<string> = new Set(['expiry-reminder', 'underused-digest', 'requests']);

const samples = cardSamples();

describe('cards/*.json against the Adaptive Card schema they declare', () => {
  it('has samples for every card name, prompt cards both open and answered', () => {
    for (const name of CARD_NAMES) {
      const mine = samples.filter((s) => s.card === name);
      assert.ok(mine.length >= SHAPES[name].length, `${name} has no samples`);
      if (PROMPT_CARDS.has(name)) {
        assert.ok(mine.some((s) => s.open === true) && mine.some((s) => s.open === false), `${name} lacks open/answered variants`);
      }
    }
  });

  for (const name of CARD_NAMES) {
    it(`${name}.json declares version 1.5 and a fallbackText`, () => {
      const template = loadTemplate(name) as Record<string, unknown>;
      assert.equal(template.version, '1.5');
      assert.equal(typeof template.fallbackText, 'string');
      assert.notEqual(String(template.fallbackText).trim(), '');
    });
  }

  for (const sample of samples) {
    describe(`${sample.card} (${sample.variant})`, () => {
      const card = renderSample(sample);

      it('passes the adaptivecards SDK at its declared version, and the desk rules', () => {
        assert.deepEqual(validateCard(card), []);
      });

      it('leaves no template expression unexpanded', () => {
        const json = JSON.stringify(card);
        assert.ok(!json.includes('${'), `unexpanded: ${json.match(/.{0,40}\$\{.{0,40}/)?.[0]}`);
        assert.ok(!/"\$(data|when)"/.test(json), 'template-only keys left in the card');
      });

      it('carries the card id on every submit and, for prompt cards, only while open', () => {
        const objects = cardObjects(card);
        const submits = objects.filter((o) => o.type === 'Action.Submit');
        const inputs = objects.filter((o) => typeof o.type === 'string' && o.type.startsWith('Input.'));
        if (sample.open === false) {
          assert.deepEqual(submits, [], 'answered card still has buttons');
          assert.deepEqual(inputs, [], 'answered card still has inputs');
          assert.ok(JSON.stringify(card).includes('✔ Continue'), 'answered card does not show the answer');
        }
        if (sample.open === true) {
          assert.ok(submits.length > 0, 'open prompt card has no button');
          for (const s of submits) assert.equal((s.data as Record<string, unknown>).rd, CARD_ID);
        }
        if (TOPIC_CARDS.has(sample.card)) {
          // The cards the desk sends first: buttons that start a flow for the reservation they name.
          assert.ok(submits.length > 0, 'a topic card without its buttons');
          for (const s of submits) assert.equal((s.data as Record<string, unknown>).rd, TOPIC_CARD_ID);
          for (const s of submits) assert.ok(String((s.data as Record<string, unknown>).action) in TOPIC_ACTIONS || (s.data as Record<string, unknown>).action === EXPORT_ACTION);
        } else if (sample.open === undefined) assert.deepEqual(submits, [], 'a card that asks nothing has a button');
      });
    });
  }

  it('the confirm card carries the request key on its file button', () => {
    const open = samples.find((s) => s.card === 'confirm' && s.open === true)!;
    const file = cardObjects(renderSample(open)).find((o) => o.type === 'Action.Submit' && (o.data as { action?: string }).action === 'file');
    assert.equal((file?.data as Record<string, unknown>).requestKey, REQUEST_KEY);
  });
});

// The validator must be able to fail, or the passes above prove nothing.
describe('src/cards/validate.ts finds broken cards', () => {
  const base = { type: 'AdaptiveCard', version: '1.5', fallbackText: 'x', body: [{ type: 'TextBlock', text: 'hi', wrap: true }] };
  const withBody = (...body: object[]) => ({ ...base, body });

  it('accepts a minimal valid card', () => {
    assert.deepEqual(validateCard(base), []);
  });

  it('reports an unknown element type', () => {
    assert.match(schemaProblems(withBody({ type: 'Bogus' })).map((p) => p.message).join('\n'), /UnknownElementType/);
  });

  it('reports an unknown property, also on facts and choices', () => {
    const messages = schemaProblems(
      withBody(
        { type: 'TextBlock', text: 'x', colour: 'Good' },
        { type: 'FactSet', facts: [{ title: 'a', value: 'b', link: 'c' }] },
        { type: 'Input.ChoiceSet', id: 'c', label: 'C', choices: [{ title: 'a', value: 'a', icon: 'x' }] },
      ),
    ).map((p) => p.message);
    assert.ok(messages.some((m) => m.includes('"colour"')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('"link"')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('"icon"')), messages.join('\n'));
  });

  it('reports an invalid enum value', () => {
    assert.match(schemaProblems(withBody({ type: 'TextBlock', text: 'x', size: 'Huge' })).map((p) => p.message).join('\n'), /InvalidPropertyValue/);
  });

  it('reports what is newer than the declared version', () => {
    const card = { ...base, version: '1.2', body: [{ type: 'TextBlock', text: 'x', style: 'heading' }, { type: 'Table', columns: [], rows: [] }] };
    const messages = schemaProblems(card).map((p) => p.message).join('\n');
    assert.match(messages, /"style" is supported in version 1\.5/);
    assert.match(messages, /Unknown element type "Table"/);
    assert.deepEqual(schemaProblems({ ...card, version: '1.5' }), []);
  });

  it('reports a required input without label or error message, and an input without id', () => {
    const messages = validateCard(withBody({ type: 'Input.Text', isRequired: true })).join('\n');
    assert.match(messages, /RequiredInputsShouldHaveLabel/);
    assert.match(messages, /input has no id/);
    assert.match(messages, /input has no label/);
  });

  it('reports an Input.Number whose value is text (the renderer would show it blank)', () => {
    const messages = validateCard(withBody({ type: 'Input.Number', id: 'units', label: 'Units', value: '3', max: 4 })).join('\n');
    assert.match(messages, /Input\.Number#units: value is not a number/);
    assert.doesNotMatch(messages, /max is not a number/);
  });

  it('reports a submit without rd/action, a missing fallbackText and a wrong version', () => {
    const card = { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Go', data: { action: 'go' } }] }] };
    const messages = deskRuleProblems(card).map((p) => p.message);
    assert.ok(messages.includes('data lacks rd or action'), messages.join('\n'));
    assert.ok(messages.includes('has no fallbackText'), messages.join('\n'));
    assert.ok(messages.includes('declares version 1.4, not 1.5'), messages.join('\n'));
  });
});
