import { strict as assert } from 'node:assert';
import type { types as Slack } from '@slack/bolt';
import {
  SLACK_LIMITS,
  decodeButtonValue,
  findLimitViolations,
  renderCardToBlockKit,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../../src/channels/slack/blockKit';
import { ELLIPSIS } from '../../../src/channels/slack/blockKit/mrkdwn';
import { CardRenderError } from '../../../src/errors';
import { assertNeutral, blocksOfType, buttons, fieldTexts, inputBlock, sectionTexts } from './blockKitHelpers';

function card(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body, actions };
}

function render(adaptiveCard: AdaptiveCard): ReturnType<typeof renderCardToBlockKit> {
  const message = renderCardToBlockKit(adaptiveCard);
  assertNeutral(message);
  return message;
}

function cardRenderError(reason: string): (error: unknown) => boolean {
  return (error: unknown) => error instanceof CardRenderError && error.details.reason === reason;
}

const text = (count: number): CardElement[] => Array.from({ length: count }, (_, index) => ({ type: 'TextBlock', text: `Line ${index}` }));

describe('Block Kit limits: the oracle', () => {
  it('reports each limit a hand-made message breaks, and nothing for a good one', () => {
    const good = { blocks: [{ type: 'section', text: { type: 'plain_text', text: 'ok' } }], text: 'ok' };
    assert.deepEqual(findLimitViolations(good), []);
    const bad = {
      text: '',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        { type: 'section', block_id: 'b'.repeat(256), text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(2001) })) },
        { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) }, value: 'v'.repeat(2001) }] },
        {
          type: 'input',
          label: { type: 'plain_text', text: 'l' },
          element: {
            type: 'static_select',
            action_id: 'a'.repeat(256),
            options: Array.from({ length: 101 }, () => ({ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v'.repeat(151) })),
          },
        },
        {
          type: 'input',
          label: { type: 'plain_text', text: 'l' },
          element: { type: 'plain_text_input', initial_value: 'i'.repeat(3001), placeholder: { type: 'plain_text', text: 'p'.repeat(151) } },
        },
        ...Array.from({ length: 45 }, () => ({ type: 'divider' })),
      ],
    };
    const problems = findLimitViolations(bad);
    for (const expected of [
      'blocks: 51 items > 50',
      'text: empty',
      'blocks[0].text.text: 151 > 150',
      'blocks[1].block_id: 256 > 255',
      'blocks[1].text.text: 3001 > 3000',
      'blocks[2].fields: 11 items > 10',
      'blocks[2].fields[10].text: 2001 > 2000',
      'blocks[3].elements[0].text.text: 76 > 75',
      'blocks[3].elements[0].value: 2001 > 2000',
      'blocks[4].element.action_id: 256 > 255',
      'blocks[4].element.options: 101 items > 100',
      'blocks[4].element.options[100].text.text: 76 > 75',
      'blocks[4].element.options[100].value: 151 > 150',
      'blocks[5].element.initial_value: 3001 > 3000',
      'blocks[5].element.placeholder.text: 151 > 150',
    ]) {
      assert.ok(problems.includes(expected), `missing: ${expected}\n${problems.join('\n')}`);
    }
  });
});

describe('Block Kit limits: block count', () => {
  it('keeps a card of exactly 50 blocks whole', () => {
    const message = render(card(text(50)));
    assert.equal(message.blocks.length, 50);
    assert.deepEqual(message.warnings, []);
  });

  it('shortens a longer card to 50 blocks with a visible note of how many more there were', () => {
    const message = render(card(text(80)));
    assert.equal(message.blocks.length, 50);
    assert.deepEqual(
      sectionTexts(message),
      Array.from({ length: 49 }, (_, index) => `Line ${index}`),
    );
    assert.deepEqual(message.blocks[49], { type: 'context', elements: [{ type: 'plain_text', text: `${ELLIPSIS}and 31 more not shown in Slack.` }] });
    assert.ok(message.warnings.some((warning) => warning.includes('left out 31 blocks')));
  });

  it('never drops inputs or buttons to make room: display blocks give way', () => {
    const body: CardElement[] = [{ type: 'Input.Text', id: 'first', label: 'First' }, ...text(60), { type: 'Input.Toggle', id: 'confirm', title: 'Confirm' }];
    const message = render(card(body, [{ type: 'Action.Submit', title: 'File', data: { action: 'file' } }]));
    assert.equal(message.blocks.length, 50);
    assert.deepEqual(
      blocksOfType(message, 'input').map((block) => block.block_id),
      ['rdin:first', 'rdin:confirm'],
    );
    assert.equal(buttons(message).length, 1);
    assert.equal(sectionTexts(message).length, 46);
    const types = message.blocks.map((block) => block.type);
    assert.equal(types[0], 'input');
    assert.deepEqual(types.slice(-3), ['context', 'input', 'actions']);
  });

  it('refuses a card whose inputs and buttons alone need more than 49 blocks', () => {
    const inputs = (count: number): CardElement[] => Array.from({ length: count }, (_, index) => ({ type: 'Input.Text', id: `i${index}` }));
    assert.equal(render(card(inputs(50))).blocks.length, 50);
    assert.throws(() => renderCardToBlockKit(card(inputs(49).concat(text(2)), [{ type: 'Action.Submit', title: 'Go' }])), cardRenderError('too-many-blocks'));
    assert.throws(() => renderCardToBlockKit(card(inputs(51))), cardRenderError('too-many-blocks'));
  });

  it('splits more than 25 buttons into several actions blocks, dropping none', () => {
    const actions: CardAction[] = Array.from({ length: 60 }, (_, index) => ({
      type: 'Action.Submit',
      title: `Customer ${index}`,
      data: { customerId: `c-${index}` },
    }));
    const message = render(card([], actions));
    assert.deepEqual(
      blocksOfType(message, 'actions').map((block) => block.elements.length),
      [25, 25, 10],
    );
    assert.deepEqual(
      buttons(message).map((button) => decodeButtonValue(button.value)),
      actions.map((action) => (action as { data: unknown }).data),
    );
  });
});

describe('Block Kit limits: text lengths', () => {
  it('shows a header too long for Slack as bold text instead of cutting it', () => {
    const long = 'Q'.repeat(151);
    const message = render(
      card([
        { type: 'TextBlock', text: 'H'.repeat(150), size: 'Large' },
        { type: 'TextBlock', text: long, size: 'Large' },
      ]),
    );
    assert.deepEqual(blocksOfType(message, 'header')[0]?.text.text, 'H'.repeat(150));
    assert.deepEqual(sectionTexts(message), [`*${long}*`]);
  });

  it('counts escaped characters: a header of 150 ampersands is too long as a header', () => {
    const message = render(card([{ type: 'TextBlock', text: '&'.repeat(150), size: 'Large' }]));
    assert.deepEqual(blocksOfType(message, 'header'), []);
    assert.equal(blocksOfType(message, 'section').length, 1);
  });

  it('shortens section, context and field texts with an ellipsis, at the limit', () => {
    const huge = 'y'.repeat(10_000);
    const message = render(
      card([
        { type: 'TextBlock', text: huge },
        { type: 'TextBlock', text: huge, weight: 'Bolder' },
        { type: 'TextBlock', text: huge, isSubtle: true },
        { type: 'FactSet', facts: [{ title: huge, value: huge }] },
        { type: 'ColumnSet', columns: [{ items: [{ type: 'TextBlock', text: huge }] }] },
      ]),
    );
    const [plain, bold] = sectionTexts(message);
    assert.equal(plain, `${'y'.repeat(SLACK_LIMITS.sectionText - 1)}${ELLIPSIS}`);
    assert.equal(bold, `*${'y'.repeat(SLACK_LIMITS.sectionText - 3)}${ELLIPSIS}*`);
    const context = blocksOfType(message, 'context')[0]?.elements[0] as Slack.PlainTextElement;
    assert.equal(context.text.length, SLACK_LIMITS.contextText);
    const [fact, column] = fieldTexts(message);
    assert.equal(fact?.length, SLACK_LIMITS.fieldText);
    assert.ok(fact?.startsWith(`${'y'.repeat(298)}${ELLIPSIS}: yyy`));
    assert.equal(column?.length, SLACK_LIMITS.fieldText);
    assert.equal(message.warnings.filter((warning) => warning.startsWith('shortened')).length, 5);
  });

  it('shortens button titles to 75 characters but never the data behind the button', () => {
    const data = { customerId: 'c-1', note: 'n'.repeat(1900) };
    const message = render(card([], [{ type: 'Action.Submit', title: 'T'.repeat(200), data }]));
    const [button] = buttons(message);
    assert.equal(button?.text.text, `${'T'.repeat(74)}${ELLIPSIS}`);
    assert.deepEqual(decodeButtonValue(button?.value), data);
  });

  it('fails loudly when an action carries more data than a button value holds', () => {
    const fits = { k: 'v'.repeat(SLACK_LIMITS.buttonValue - 8) };
    assert.equal(JSON.stringify(fits).length, SLACK_LIMITS.buttonValue);
    assert.deepEqual(decodeButtonValue(buttons(render(card([], [{ type: 'Action.Submit', title: 'Go', data: fits }])))[0]?.value), fits);
    const tooMuch = { k: 'v'.repeat(SLACK_LIMITS.buttonValue - 7) };
    assert.throws(
      () => renderCardToBlockKit(card([], [{ type: 'Action.Execute', verb: 'go', title: 'Go', data: tooMuch }])),
      cardRenderError('button-value-too-long'),
    );
  });

  it('shortens placeholders and labels, and leaves out (with a hint) a prefilled value too long to keep', () => {
    const message = render(
      card([
        { type: 'Input.Text', id: 'name', label: 'L'.repeat(2500), placeholder: 'P'.repeat(400), value: 'v'.repeat(3000) },
        { type: 'Input.Text', id: 'long', label: 'Long', value: 'v'.repeat(3001) },
      ]),
    );
    const name = inputBlock(message, 'name');
    const nameElement = name.element as Slack.PlainTextInput;
    assert.equal(name.label.text.length, SLACK_LIMITS.inputLabel);
    assert.equal(nameElement.placeholder?.text, `${'P'.repeat(149)}${ELLIPSIS}`);
    assert.equal(nameElement.initial_value, 'v'.repeat(3000));
    const long = inputBlock(message, 'long');
    assert.equal((long.element as Slack.PlainTextInput).initial_value, undefined);
    assert.match(long.hint?.text ?? '', /too long/);
    assert.ok(message.warnings.some((warning) => warning.includes('3001-character value of Input.Text "long"')));
  });

  it('shortens option texts to 75 characters and refuses option values over 150', () => {
    const message = render(card([{ type: 'Input.ChoiceSet', id: 'c', label: 'Pick', choices: [{ title: 'O'.repeat(300), value: 'v'.repeat(150) }] }]));
    const [option] = (inputBlock(message, 'c').element as Slack.StaticSelect).options ?? [];
    assert.equal(option?.text.text, `${'O'.repeat(74)}${ELLIPSIS}`);
    assert.equal(option?.value, 'v'.repeat(150));
    const tooLong = card([{ type: 'Input.ChoiceSet', id: 'c', label: 'Pick', choices: [{ title: 'x', value: 'v'.repeat(151) }] }]);
    assert.throws(() => renderCardToBlockKit(tooLong), cardRenderError('option-value-too-long'));
    const toggle = card([{ type: 'Input.Toggle', id: 't', title: 'x', valueOn: 'v'.repeat(151) }]);
    assert.throws(() => renderCardToBlockKit(toggle), cardRenderError('option-value-too-long'));
  });

  it('lists up to 100 choices in a menu, refuses more, and turns over 10 expanded choices into a menu', () => {
    const choices = (count: number): { title: string; value: string }[] =>
      Array.from({ length: count }, (_, index) => ({ title: `C${index}`, value: `${index}` }));
    const hundred = render(card([{ type: 'Input.ChoiceSet', id: 'c', label: 'Pick', choices: choices(100) }]));
    assert.equal((inputBlock(hundred, 'c').element as Slack.StaticSelect).options?.length, 100);
    assert.throws(
      () => renderCardToBlockKit(card([{ type: 'Input.ChoiceSet', id: 'c', label: 'Pick', choices: choices(101) }])),
      cardRenderError('too-many-choices'),
    );
    const ten = render(card([{ type: 'Input.ChoiceSet', id: 'c', label: 'Pick', style: 'expanded', choices: choices(10) }]));
    assert.equal(inputBlock(ten, 'c').element.type, 'radio_buttons');
    const eleven = render(card([{ type: 'Input.ChoiceSet', id: 'c', label: 'Pick', style: 'expanded', choices: choices(11), isMultiSelect: true }]));
    assert.equal(inputBlock(eleven, 'c').element.type, 'multi_static_select');
  });

  it('refuses ids and verbs that make a block_id or action_id longer than 255', () => {
    assert.equal(inputBlock(render(card([{ type: 'Input.Text', id: 'i'.repeat(250) }])), 'i'.repeat(250)).block_id?.length, 255);
    assert.throws(() => renderCardToBlockKit(card([{ type: 'Input.Text', id: 'i'.repeat(251) }])), cardRenderError('input-id-too-long'));
    assert.throws(() => renderCardToBlockKit(card([], [{ type: 'Action.Execute', verb: 'v'.repeat(250), title: 'Go' }])), cardRenderError('verb-too-long'));
    assert.throws(
      () => renderCardToBlockKit(card([{ type: 'Input.Toggle', id: 't', title: 'x', valueOff: 'o'.repeat(250) }])),
      cardRenderError('toggle-value-too-long'),
    );
  });

  it('keeps the message text within its limit', () => {
    const message = render(card(text(1).concat([{ type: 'TextBlock', text: 'z'.repeat(10_000) }])));
    assert.equal(message.text.length, SLACK_LIMITS.messageText);
    assert.ok(message.text.startsWith('Line 0\nzzz'));
  });
});
