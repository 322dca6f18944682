import { strict as assert } from 'node:assert';
import type { types as Slack } from '@slack/bolt';
import { decodeButtonActionId, decodeButtonValue, renderCardToBlockKit, type AdaptiveCard, type SlackMessage } from '../../../src/channels/slack/blockKit';
import { Decimal, formatMoney } from '../../../src/domain/money';
import { HOSTILE_STRINGS, assertNeutral, blocksOfType, buttons, fieldTexts, inputBlock } from './blockKitHelpers';

/**
 * A refund quote card of the kind cards/ will hold, written inline (the real templates come later): a header, fact
 * sets with money figures, the capped warning, a contact input, Submit buttons carrying the request key.
 */
function quoteCard(customerName: string): AdaptiveCard {
  const eur = (amount: string): string => `${formatMoney(new Decimal(amount), 'EUR')} EUR`;
  const usd = (amount: string): string => `${formatMoney(new Decimal(amount), 'USD')} USD`;
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: `Refund quote for ${customerName}`,
    body: [
      { type: 'TextBlock', text: 'Refund quote', size: 'Large', weight: 'Bolder' },
      { type: 'TextBlock', text: customerName, isSubtle: true, wrap: true },
      {
        type: 'FactSet',
        id: 'reservation',
        facts: [
          { title: 'Reservation', value: 'D2s v5, West Europe, 1 of 2' },
          { title: 'Reservation ID', value: '4f1c2d3e-0000-4000-8000-000000000001' },
          { title: 'Policy', value: 'csp-2020' },
          { title: 'Days since purchase', value: '9' },
        ],
      },
      {
        type: 'FactSet',
        id: 'figures',
        separator: true,
        facts: [
          { title: 'Paid', value: eur('6000.00') },
          { title: 'Used', value: eur('164.38') },
          { title: 'Credit', value: eur('5835.62') },
          { title: 'Early termination fee (12%)', value: eur('700.27') },
          { title: 'Refund', value: eur('5135.35') },
        ],
      },
      {
        type: 'FactSet',
        id: 'cap',
        facts: [
          { title: 'Cap limit', value: usd('50000') },
          { title: 'Consumed', value: usd('47000') },
          { title: 'Remaining', value: usd('3000') },
          { title: 'Refund after cap', value: usd('3000') },
        ],
      },
      {
        type: 'TextBlock',
        text: 'This refund is capped: only 3,000.00 USD of the 5,546.18 USD can be refunded this year. An exchange does not count against the cap.',
        color: 'Attention',
        weight: 'Bolder',
        wrap: true,
      },
      {
        type: 'Input.Text',
        id: 'contactEmail',
        label: 'Your email',
        placeholder: 'name@partner.example',
        isRequired: true,
        regex: '^[^@]+@[^@]+$',
        maxLength: 254,
      },
      { type: 'Input.Toggle', id: 'acceptCap', title: 'I accept the capped amount', valueOn: 'accept', valueOff: 'decline', isRequired: true },
    ],
    actions: [
      { type: 'Action.Submit', title: 'File refund', style: 'positive', data: { action: 'confirm', requestKey: 'rq_01HZX3', capped: true } },
      { type: 'Action.Submit', title: 'Exchange instead', data: { action: 'exchange', reservationId: '4f1c2d3e-0000-4000-8000-000000000001' } },
      { type: 'Action.Submit', title: 'Cancel', style: 'destructive', data: { action: 'cancel' } },
    ],
  };
}

function render(card: AdaptiveCard): SlackMessage {
  const message = renderCardToBlockKit(card);
  assertNeutral(message);
  return message;
}

describe('Block Kit rendering of a quote card', () => {
  it('lays the quote out as header, facts, warning, inputs and buttons', () => {
    const message = render(quoteCard('Contoso Ltd'));
    assert.deepEqual(
      message.blocks.map((block) => block.type),
      ['header', 'context', 'section', 'divider', 'section', 'section', 'section', 'input', 'input', 'actions'],
    );
    assert.deepEqual(message.blocks[0], { type: 'header', text: { type: 'plain_text', text: 'Refund quote' } });
    assert.deepEqual(message.blocks[1], { type: 'context', elements: [{ type: 'plain_text', text: 'Contoso Ltd' }] });
    assert.deepEqual(
      message.blocks.map((block) => block.block_id),
      [undefined, undefined, 'rdel:reservation', undefined, 'rdel:figures', 'rdel:cap', undefined, 'rdin:contactEmail', 'rdin:acceptCap', undefined],
    );
    assert.equal(message.text, 'Refund quote for Contoso Ltd');
    assert.deepEqual(message.warnings, []);
  });

  it('shows every money figure exactly as the card states it', () => {
    const fields = fieldTexts(render(quoteCard('Contoso Ltd')));
    for (const expected of [
      'Paid: 6000.00 EUR',
      'Used: 164.38 EUR',
      'Credit: 5835.62 EUR',
      'Early termination fee (12%): 700.27 EUR',
      'Refund: 5135.35 EUR',
      'Cap limit: 50000.00 USD',
      'Remaining: 3000.00 USD',
    ]) {
      assert.ok(fields.includes(expected), `missing ${JSON.stringify(expected)}`);
    }
  });

  it('makes the capped warning stand out', () => {
    const message = render(quoteCard('Contoso Ltd'));
    const warning = blocksOfType(message, 'section').find((block) => block.text?.text.includes('capped'));
    assert.deepEqual(warning?.text, {
      type: 'mrkdwn',
      text: '*\u26A0\uFE0F This refund is capped: only 3,000.00 USD of the 5,546.18 USD can be refunded this year. An exchange does not count against the cap.*',
      verbatim: true,
    });
  });

  it('asks for the contact email and the cap acceptance as required inputs', () => {
    const message = render(quoteCard('Contoso Ltd'));
    const email = inputBlock(message, 'contactEmail');
    assert.equal(email.optional, false);
    assert.deepEqual(email.element, {
      type: 'plain_text_input',
      action_id: 'rdin:text',
      placeholder: { type: 'plain_text', text: 'name@partner.example' },
      max_length: 254,
    });
    const accept = inputBlock(message, 'acceptCap');
    assert.equal(accept.optional, false);
    assert.equal((accept.element as Slack.Checkboxes).action_id, 'rdin:toggle:decline');
  });

  it('gives each button its action and exactly the data the dialog will need', () => {
    const card = quoteCard('Contoso Ltd');
    const message = render(card);
    const rendered = buttons(message);
    assert.deepEqual(
      rendered.map((button) => [button.text.text, button.style, decodeButtonActionId(button.action_id ?? '')?.index]),
      [
        ['File refund', 'primary', 0],
        ['Exchange instead', undefined, 1],
        ['Cancel', 'danger', 2],
      ],
    );
    assert.deepEqual(
      rendered.map((button) => decodeButtonValue(button.value)),
      (card.actions ?? []).map((action) => (action as { data: unknown }).data),
    );
  });

  it('stays correct and safe for a hostile customer name', () => {
    for (const name of Object.values(HOSTILE_STRINGS)) {
      const message = render(quoteCard(name));
      assert.ok(message.blocks.length <= 50);
      assert.equal(buttons(message).length, 3);
      assert.ok(fieldTexts(message).includes('Refund: 5135.35 EUR'));
    }
  });
});
