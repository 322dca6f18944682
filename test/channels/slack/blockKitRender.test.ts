import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { types as Slack } from '@slack/bolt';
import { renderCardToBlockKit, type AdaptiveCard, type CardAction, type CardElement } from '../../../src/channels/slack/blockKit';
import { CardRenderError, DeskError } from '../../../src/errors';
import { assertNeutral, blocksOfType, buttons, fieldTexts, inputBlock, sectionTexts } from './blockKitHelpers';

function card(body: CardElement[], actions: CardAction[] = [], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body, actions, ...extra };
}

/** Renders and checks the guarantees every rendered message has. */
function render(adaptiveCard: unknown): ReturnType<typeof renderCardToBlockKit> {
  const message = renderCardToBlockKit(adaptiveCard);
  assertNeutral(message, { boldOnly: false });
  return message;
}

describe('Block Kit rendering: the card', () => {
  it('accepts versions 1.0 to 1.6 and refuses anything that is not a supported Adaptive Card', () => {
    for (const version of ['1.0', '1.3', '1.5', '1.6']) {
      assert.equal(render({ ...card([{ type: 'TextBlock', text: 'hi' }]), version }).blocks.length, 1);
    }
    for (const bad of [
      null,
      'card',
      [],
      { type: 'Card', version: '1.5' },
      { type: 'AdaptiveCard' },
      { type: 'AdaptiveCard', version: '2.0' },
      { type: 'AdaptiveCard', version: '1.7' },
    ]) {
      assert.throws(
        () => renderCardToBlockKit(bad),
        (error: unknown) => error instanceof CardRenderError && error instanceof DeskError && error.code === 'card-render',
      );
    }
  });

  it("uses the card's fallbackText as the message text, else a summary of its text", () => {
    const body: CardElement[] = [
      { type: 'TextBlock', text: 'Refund quote', size: 'Large' },
      { type: 'FactSet', facts: [{ title: 'Refund', value: '5135.35 EUR' }] },
    ];
    assert.equal(render(card(body, [], { fallbackText: 'A refund quote for Contoso' })).text, 'A refund quote for Contoso');
    assert.equal(render(card(body)).text, 'Refund quote\nRefund: 5135.35 EUR');
    assert.equal(render(card([])).text, 'Card');
  });

  it('renders an empty card as no blocks', () => {
    assert.deepEqual(render(card([])).blocks, []);
  });
});

describe('Block Kit rendering: TextBlock', () => {
  it('makes a header of large text, medium bold text and the heading style', () => {
    const message = render(
      card([
        { type: 'TextBlock', text: 'Large', size: 'Large' },
        { type: 'TextBlock', text: 'Extra large', size: 'ExtraLarge' },
        // Adaptive Cards read enum values case-insensitively.
        { type: 'TextBlock', text: 'Medium bold', size: 'medium', weight: 'bolder' } as unknown as CardElement,
        { type: 'TextBlock', text: 'Heading', style: 'heading' },
      ]),
    );
    assert.deepEqual(
      message.blocks,
      ['Large', 'Extra large', 'Medium bold', 'Heading'].map((text) => ({ type: 'header', text: { type: 'plain_text', text } })),
    );
  });

  it('shows bold text as a bold mrkdwn section and other text as plain text', () => {
    const message = render(
      card([
        { type: 'TextBlock', text: 'Total', weight: 'Bolder' },
        { type: 'TextBlock', text: 'Two\nlines', weight: 'Bolder' },
        { type: 'TextBlock', text: 'Just text', wrap: true },
      ]),
    );
    assert.deepEqual(message.blocks, [
      { type: 'section', text: { type: 'mrkdwn', text: '*Total*', verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Two*\n*lines*', verbatim: true } },
      { type: 'section', text: { type: 'plain_text', text: 'Just text' } },
    ]);
  });

  it('shows subtle text as context and marks attention and warning colours with a warning sign', () => {
    const message = render(
      card([
        { type: 'TextBlock', text: 'As of 10 March', isSubtle: true },
        { type: 'TextBlock', text: 'Capped', color: 'Attention' },
        { type: 'TextBlock', text: 'Careful', color: 'Warning', weight: 'Bolder' },
        { type: 'TextBlock', text: 'Fine', color: 'Good' },
      ]),
    );
    assert.deepEqual(message.blocks, [
      { type: 'context', elements: [{ type: 'plain_text', text: 'As of 10 March' }] },
      { type: 'section', text: { type: 'plain_text', text: '\u26A0\uFE0F Capped' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*\u26A0\uFE0F Careful*', verbatim: true } },
      { type: 'section', text: { type: 'plain_text', text: 'Fine' } },
    ]);
  });

  it('skips empty text and shows numbers and booleans that templating left unquoted', () => {
    const message = render({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: '' },
        { type: 'TextBlock', text: '   ' },
        { type: 'TextBlock', text: 5135.35 },
        { type: 'TextBlock', text: true },
        { type: 'TextBlock', text: { not: 'text' } },
      ],
    });
    assert.deepEqual(sectionTexts(message), ['5135.35', 'true']);
  });

  it('treats author markdown as literal text (templates mark emphasis with weight)', () => {
    const message = render(card([{ type: 'TextBlock', text: '**Refund** is _final_', weight: 'Bolder' }]));
    assert.deepEqual(sectionTexts(message), ['*\u2217\u2217Refund\u2217\u2217 is \u02CDfinal\u02CD*']);
  });
});

describe('Block Kit rendering: RichTextBlock', () => {
  it('maps text runs to mrkdwn styles around neutral text', () => {
    const message = render(
      card([
        {
          type: 'RichTextBlock',
          inlines: [
            'Plain ',
            { type: 'TextRun', text: 'bold', weight: 'Bolder' },
            ' ',
            { type: 'TextRun', text: 'italic', italic: true },
            ' ',
            { type: 'TextRun', text: 'gone', strikethrough: true },
            ' ',
            { type: 'TextRun', text: 'id_1', fontType: 'Monospace' },
            { type: 'TextRun', text: ' *not bold*' },
          ],
        },
      ]),
    );
    assert.deepEqual(sectionTexts(message), ['Plain *bold* _italic_ ~gone~ `id\u02CD1` \u2217not bold\u2217']);
  });
});

describe('Block Kit rendering: FactSet', () => {
  it('shows each fact as a plain-text field "Title: value", so values keep their exact characters', () => {
    const message = render(
      card([
        {
          type: 'FactSet',
          facts: [
            { title: 'Credit', value: '5835.62 EUR' },
            { title: 'Fee (12%)', value: '700.27 EUR' },
            { title: '', value: 'value only' },
            { title: 'Title only', value: '' },
            { title: '', value: '' },
          ],
        },
      ]),
    );
    assert.deepEqual(message.blocks, [
      {
        type: 'section',
        fields: [
          { type: 'plain_text', text: 'Credit: 5835.62 EUR', emoji: false },
          { type: 'plain_text', text: 'Fee (12%): 700.27 EUR', emoji: false },
          { type: 'plain_text', text: 'value only', emoji: false },
          { type: 'plain_text', text: 'Title only:', emoji: false },
        ],
      },
    ]);
  });

  it('splits more than ten facts into sections of ten fields, keeping their order', () => {
    const facts = Array.from({ length: 23 }, (_, index) => ({ title: `T${index}`, value: `V${index}` }));
    const message = render(card([{ type: 'FactSet', facts }]));
    const sections = blocksOfType(message, 'section');
    assert.deepEqual(
      sections.map((section) => section.fields?.length),
      [10, 10, 3],
    );
    assert.deepEqual(
      fieldTexts(message),
      facts.map((fact) => `${fact.title}: ${fact.value}`),
    );
  });
});

describe('Block Kit rendering: ColumnSet, Container, Table, Image', () => {
  it('turns text-only columns into side-by-side fields, one per column', () => {
    const message = render(
      card([
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', items: [{ type: 'TextBlock', text: 'Refund', weight: 'Bolder' }] },
            {
              type: 'Column',
              items: [
                { type: 'TextBlock', text: '5135.35 EUR' },
                { type: 'TextBlock', text: 'after fee', isSubtle: true },
              ],
            },
            { type: 'Column', items: [] },
            { type: 'Column', isVisible: false, items: [{ type: 'TextBlock', text: 'hidden' }] },
          ],
        },
      ]),
    );
    assert.deepEqual(message.blocks, [
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Refund*', verbatim: true },
          { type: 'mrkdwn', text: '5135.35 EUR\n_after fee_', verbatim: true },
        ],
      },
    ]);
  });

  it('flattens columns holding anything but text, column after column', () => {
    const message = render(
      card([
        {
          type: 'ColumnSet',
          columns: [
            { items: [{ type: 'Image', url: 'https://example.com/logo.png', altText: 'Logo' }] },
            {
              items: [
                { type: 'TextBlock', text: 'Contoso' },
                { type: 'FactSet', facts: [{ title: 'Tenant', value: 't-1' }] },
              ],
            },
          ],
        },
      ]),
    );
    assert.deepEqual(
      message.blocks.map((block) => block.type),
      ['image', 'section', 'section'],
    );
  });

  it('renders a container as its items, with a divider where an element asks for a separator', () => {
    const message = render(
      card([
        { type: 'TextBlock', text: 'Before' },
        {
          type: 'Container',
          separator: true,
          items: [
            { type: 'TextBlock', text: 'Inside' },
            { type: 'Container', items: [{ type: 'TextBlock', text: 'Nested', separator: true }] },
          ],
        },
      ]),
    );
    assert.deepEqual(
      message.blocks.map((block) => (block.type === 'section' ? (block.text?.text ?? '') : block.type)),
      ['Before', 'divider', 'Inside', 'divider', 'Nested'],
    );
  });

  it('never starts or ends with a divider, nor puts two together', () => {
    const message = render(
      card([
        { type: 'TextBlock', text: 'First', separator: true },
        { type: 'Container', separator: true, items: [{ type: 'TextBlock', text: 'Second', separator: true }] },
        { type: 'Container', separator: true, items: [] },
        { type: 'Container', separator: true, items: [{ type: 'TextBlock', text: '' }] },
      ]),
    );
    assert.deepEqual(
      message.blocks.map((block) => block.type),
      ['section', 'divider', 'section'],
    );
  });

  it('renders a Table as lines of cells, the header row bold', () => {
    const cell = (text: string): { type: 'TableCell'; items: CardElement[] } => ({ type: 'TableCell', items: [{ type: 'TextBlock', text }] });
    const message = render(
      card([
        {
          type: 'Table',
          rows: [
            { type: 'TableRow', cells: [cell('Request'), cell('State'), cell('Amount')] },
            { type: 'TableRow', cells: [cell('R-1'), cell('filed'), cell('5135.35 EUR')] },
            { type: 'TableRow', cells: [cell('R-2'), cell('credited'), cell('90.00 USD')] },
          ],
        },
      ]),
    );
    assert.deepEqual(sectionTexts(message), ['*Request  |  State  |  Amount*\nR-1  |  filed  |  5135.35 EUR\nR-2  |  credited  |  90.00 USD']);
  });

  it('renders an http(s) image with its alt text and skips any other URL', () => {
    const message = render(
      card([
        { type: 'Image', url: 'https://example.com/chart.png', altText: 'Utilization chart' },
        { type: 'Image', url: 'https://example.com/no-alt.png' },
        { type: 'Image', url: 'javascript:alert(1)', altText: 'x' },
        { type: 'Image', url: 'data:image/png;base64,AAAA', altText: 'x' },
        { type: 'Image', url: '/relative.png', altText: 'x' },
      ]),
    );
    assert.deepEqual(message.blocks, [
      { type: 'image', image_url: 'https://example.com/chart.png', alt_text: 'Utilization chart' },
      { type: 'image', image_url: 'https://example.com/no-alt.png', alt_text: 'image' },
    ]);
    assert.equal(message.warnings.filter((warning) => warning.includes('url')).length, 3);
  });
});

describe('Block Kit rendering: visibility, ids and unknown elements', () => {
  it('leaves out hidden elements and says so in the warnings', () => {
    const message = render(
      card([
        { type: 'TextBlock', text: 'shown' },
        { type: 'TextBlock', text: 'hidden', isVisible: false, id: 'secret' },
        { type: 'Input.Text', id: 'hiddenInput', isVisible: false },
      ]),
    );
    assert.deepEqual(sectionTexts(message), ['shown']);
    assert.deepEqual(blocksOfType(message, 'input'), []);
    assert.ok(message.warnings.some((warning) => warning.includes('TextBlock "secret"')));
    assert.ok(!message.text.includes('hidden'));
  });

  it('names the blocks of an element with an id after it, without reusing a block_id', () => {
    const message = render(
      card([
        { type: 'TextBlock', id: 'title', text: 'Quote', size: 'Large' },
        { type: 'FactSet', id: 'figures', facts: Array.from({ length: 12 }, (_, index) => ({ title: `T${index}`, value: 'v' })) },
        { type: 'TextBlock', id: 'title', text: 'Again' },
        { type: 'TextBlock', id: 'x'.repeat(300), text: 'Long id' },
      ]),
    );
    assert.deepEqual(
      message.blocks.map((block) => block.block_id),
      ['rdel:title', 'rdel:figures', 'rdel:figures:1', undefined, undefined],
    );
    assert.equal(message.warnings.filter((warning) => warning.includes('block_id')).length, 2);
  });

  it('renders the fallback of an unknown element, its fallbackText, or nothing, and never throws', () => {
    const message = render({
      type: 'AdaptiveCard',
      version: '1.6',
      body: [
        { type: 'Media', sources: [], fallback: { type: 'TextBlock', text: 'Watch the video in Teams' } },
        { type: 'Carousel', fallback: 'drop', fallbackText: 'never shown' },
        { type: 'Future.Element', fallbackText: 'Open this card in Teams' },
        { type: 'Future.Element' },
        { type: 42 },
        'not an element',
        null,
      ],
    });
    assert.deepEqual(sectionTexts(message), ['Watch the video in Teams', 'Open this card in Teams']);
    assert.ok(message.warnings.some((warning) => warning.includes('Future.Element')));
    assert.equal(message.warnings.filter((warning) => warning.includes('malformed')).length, 3);
  });
});

describe('Block Kit rendering: inputs', () => {
  it('renders Input.Text as a plain_text_input keyed by the input id', () => {
    const message = render(
      card([
        {
          type: 'Input.Text',
          id: 'email',
          label: 'Email',
          placeholder: 'you@partner.example',
          value: 'a@b.example',
          isRequired: true,
          maxLength: 120,
          regex: '^.+@.+$',
        },
        { type: 'Input.Text', id: 'notes', label: 'Notes', isMultiline: true, maxLength: 99_999 },
        { type: 'Input.Text', id: 'bare' },
      ]),
    );
    assert.deepEqual(inputBlock(message, 'email'), {
      type: 'input',
      block_id: 'rdin:email',
      label: { type: 'plain_text', text: 'Email' },
      optional: false,
      element: {
        type: 'plain_text_input',
        action_id: 'rdin:text',
        placeholder: { type: 'plain_text', text: 'you@partner.example' },
        max_length: 120,
        initial_value: 'a@b.example',
      },
    });
    const notes = inputBlock(message, 'notes');
    assert.equal(notes.optional, true);
    assert.deepEqual(notes.element, { type: 'plain_text_input', action_id: 'rdin:text', multiline: true, max_length: 3000 });
    assert.equal(inputBlock(message, 'bare').label.text, 'Answer');
  });

  it('renders a compact choice set as a menu and an expanded one as radio buttons or checkboxes', () => {
    const choices = [
      { title: 'Minimal', value: 'minimal' },
      { title: 'Moderate', value: 'moderate' },
      { title: 'Critical', value: 'critical' },
    ];
    const option = (index: number): Slack.PlainTextOption => ({ text: { type: 'plain_text', text: choices[index]!.title }, value: choices[index]!.value });
    const message = render(
      card([
        { type: 'Input.ChoiceSet', id: 'compact', label: 'Severity', choices, value: 'moderate', placeholder: 'Pick one' },
        { type: 'Input.ChoiceSet', id: 'radio', label: 'Severity', choices, style: 'expanded', value: 'critical' },
        { type: 'Input.ChoiceSet', id: 'multi', label: 'Severities', choices, isMultiSelect: true, value: 'minimal,critical' },
        { type: 'Input.ChoiceSet', id: 'boxes', label: 'Severities', choices, isMultiSelect: true, style: 'expanded' },
      ]),
    );
    assert.deepEqual(inputBlock(message, 'compact').element, {
      type: 'static_select',
      action_id: 'rdin:choice',
      options: [option(0), option(1), option(2)],
      initial_option: option(1),
      placeholder: { type: 'plain_text', text: 'Pick one' },
    });
    assert.deepEqual(inputBlock(message, 'radio').element, {
      type: 'radio_buttons',
      action_id: 'rdin:choice',
      options: [option(0), option(1), option(2)],
      initial_option: option(2),
    });
    assert.deepEqual(inputBlock(message, 'multi').element, {
      type: 'multi_static_select',
      action_id: 'rdin:choices',
      options: [option(0), option(1), option(2)],
      initial_options: [option(0), option(2)],
    });
    assert.deepEqual(inputBlock(message, 'boxes').element, { type: 'checkboxes', action_id: 'rdin:choices', options: [option(0), option(1), option(2)] });
  });

  it('skips choices without a value and repeated values, and says when nothing is left to choose', () => {
    const message = render({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'Input.ChoiceSet',
          id: 'a',
          label: 'Pick',
          choices: [{ title: 'No value' }, { title: 'One', value: '1' }, { title: 'Again', value: '1' }, { title: 'Two', value: 2 }],
        },
        { type: 'Input.ChoiceSet', id: 'empty', label: 'Customer', choices: [] },
      ],
    });
    const element = inputBlock(message, 'a').element as Slack.StaticSelect;
    assert.deepEqual(
      element.options?.map((option) => option.value),
      ['1', '2'],
    );
    assert.deepEqual(message.blocks[1], {
      type: 'context',
      block_id: 'rdel:empty',
      elements: [{ type: 'plain_text', text: 'Customer: nothing to choose from.' }],
    });
  });

  it('renders Input.Toggle as one checkbox whose value is valueOn, carrying valueOff in the action_id', () => {
    const message = render(
      card([
        { type: 'Input.Toggle', id: 'confirm', title: 'I confirm the capped amount', value: 'yes', valueOn: 'yes', valueOff: 'no', isRequired: true },
        { type: 'Input.Toggle', id: 'plain', title: 'Remember me', label: 'Contact details' },
      ]),
    );
    const confirmOption: Slack.PlainTextOption = { text: { type: 'plain_text', text: 'I confirm the capped amount' }, value: 'yes' };
    assert.deepEqual(inputBlock(message, 'confirm'), {
      type: 'input',
      block_id: 'rdin:confirm',
      label: { type: 'plain_text', text: 'I confirm the capped amount' },
      optional: false,
      element: { type: 'checkboxes', action_id: 'rdin:toggle:no', options: [confirmOption], initial_options: [confirmOption] },
    });
    const plain = inputBlock(message, 'plain');
    assert.equal(plain.label.text, 'Contact details');
    assert.deepEqual(plain.element, {
      type: 'checkboxes',
      action_id: 'rdin:toggle:false',
      options: [{ text: { type: 'plain_text', text: 'Remember me' }, value: 'true' }],
    });
  });

  it('renders Input.Number, Input.Date and Input.Time with their valid initial values', () => {
    const message = render(
      card([
        { type: 'Input.Number', id: 'quantity', label: 'Quantity', value: 2, min: 1, max: 10 },
        { type: 'Input.Date', id: 'from', label: 'From', value: '2026-03-10' },
        { type: 'Input.Date', id: 'badDate', label: 'Bad', value: '10/03/2026' },
        { type: 'Input.Time', id: 'at', label: 'At', value: '09:30' },
      ]),
    );
    assert.deepEqual(inputBlock(message, 'quantity').element, {
      type: 'plain_text_input',
      action_id: 'rdin:number',
      initial_value: '2',
      placeholder: { type: 'plain_text', text: 'A number from 1 to 10' },
    });
    assert.deepEqual(inputBlock(message, 'from').element, { type: 'datepicker', action_id: 'rdin:date', initial_date: '2026-03-10' });
    assert.deepEqual(inputBlock(message, 'badDate').element, { type: 'datepicker', action_id: 'rdin:date' });
    assert.deepEqual(inputBlock(message, 'at').element, { type: 'timepicker', action_id: 'rdin:time', initial_time: '09:30' });
  });

  it('refuses an input without an id and two inputs with one id', () => {
    const noId = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text', label: 'Name' }] };
    assert.throws(
      () => renderCardToBlockKit(noId),
      (error: unknown) => error instanceof CardRenderError && error.details.reason === 'input-without-id',
    );
    const twice = card([
      { type: 'Input.Text', id: 'name' },
      { type: 'Container', items: [{ type: 'Input.Toggle', id: 'name', title: 'x' }] },
    ]);
    assert.throws(
      () => renderCardToBlockKit(twice),
      (error: unknown) => error instanceof CardRenderError && error.details.reason === 'duplicate-input-id',
    );
  });
});

describe('Block Kit rendering: actions', () => {
  it('renders card actions as one actions block of buttons, styled, numbered and carrying their data', () => {
    const message = render(
      card(
        [],
        [
          { type: 'Action.Submit', title: 'File refund', style: 'positive', data: { action: 'file', requestKey: 'rk-1' } },
          { type: 'Action.Execute', title: 'Cancel', verb: 'cancel', style: 'destructive', data: { flow: 'refund' } },
          { type: 'Action.OpenUrl', title: 'Open in Azure portal', url: 'https://portal.azure.com/#resource/x' },
          { type: 'Action.Submit' },
        ],
      ),
    );
    assert.equal(blocksOfType(message, 'actions').length, 1);
    assert.deepEqual(buttons(message), [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'File refund' },
        action_id: 'rd:s:0',
        style: 'primary',
        value: '{"action":"file","requestKey":"rk-1"}',
      },
      { type: 'button', text: { type: 'plain_text', text: 'Cancel' }, action_id: 'rd:x:1:cancel', style: 'danger', value: '{"flow":"refund"}' },
      { type: 'button', text: { type: 'plain_text', text: 'Open in Azure portal' }, action_id: 'rd:u:2', url: 'https://portal.azure.com/#resource/x' },
      { type: 'button', text: { type: 'plain_text', text: 'Submit' }, action_id: 'rd:s:3' },
    ]);
  });

  it('renders an ActionSet where it stands in the body and numbers buttons across the card', () => {
    const message = render(
      card(
        [
          { type: 'TextBlock', text: 'Pick a customer' },
          { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Contoso', data: { customerId: 'c-1' } }] },
          { type: 'TextBlock', text: 'or' },
        ],
        [{ type: 'Action.Submit', title: 'Cancel', data: { action: 'cancel' } }],
      ),
    );
    assert.deepEqual(
      message.blocks.map((block) => block.type),
      ['section', 'actions', 'section', 'actions'],
    );
    assert.deepEqual(
      buttons(message).map((button) => button.action_id),
      ['rd:s:0', 'rd:s:1'],
    );
  });

  it('leaves out disabled and unsupported actions, using a fallback action when there is one', () => {
    const message = render({
      type: 'AdaptiveCard',
      version: '1.5',
      actions: [
        { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [] } },
        {
          type: 'Action.ToggleVisibility',
          title: 'Details',
          targetElements: ['x'],
          fallback: { type: 'Action.Submit', title: 'Details', data: { show: 'details' } },
        },
        { type: 'Action.Submit', title: 'Disabled', isEnabled: false },
        { type: 'Action.OpenUrl', title: 'Bad link', url: 'javascript:alert(1)' },
        { type: 'Action.OpenUrl', title: 'No link' },
      ],
    });
    assert.deepEqual(
      buttons(message).map((button) => [button.text.text, button.value]),
      [['Details', '{"show":"details"}']],
    );
    assert.equal(message.warnings.length, 4);
  });

  it('puts no actions block in a card without actions', () => {
    assert.deepEqual(blocksOfType(render(card([{ type: 'TextBlock', text: 'x' }])), 'actions'), []);
  });
});

describe('Block Kit rendering: purity', () => {
  const dir = join(__dirname, '..', '..', '..', 'src', 'channels', 'slack', 'blockKit');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

  it('imports only its own modules and src/errors at run time (Slack types are type-only)', () => {
    assert.ok(files.length > 0);
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const [statement, specifier] of source.matchAll(/^(?:import|export)[^;]*?from\s+'([^']+)'/gms)) {
        const typeOnly = /^(?:import|export) type\b/.test(statement);
        const allowed = specifier!.startsWith('./') || specifier === '../../../errors' || (typeOnly && specifier === '@slack/bolt');
        assert.ok(allowed, `${file}: ${statement}`);
      }
    }
  });

  it('renders the same card to the same message every time', () => {
    const sample = card(
      [
        { type: 'TextBlock', text: 'x', size: 'Large' },
        { type: 'Input.Text', id: 'a' },
        { type: 'FactSet', facts: [{ title: 't', value: 'v' }] },
      ],
      [{ type: 'Action.Submit', title: 'Go', data: { k: 1 } }],
    );
    const before = JSON.stringify(sample);
    assert.deepEqual(renderCardToBlockKit(sample), renderCardToBlockKit(sample));
    assert.equal(JSON.stringify(sample), before, 'the card is not modified');
  });
});
