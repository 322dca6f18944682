import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { types as Slack } from '@slack/bolt';
import {
  decodeButtonActionId,
  decodeButtonValue,
  inputValuesFromState,
  renderCardToBlockKit,
  type AdaptiveCard,
  type SlackMessage,
} from '../../../src/channels/slack/blockKit';
import { InvalidInputError } from '../../../src/errors';
import { blocksOfType, buttons } from './blockKitHelpers';

/**
 * What Slack sends back in `state.values` when a button of the message is clicked, built from the rendered input
 * blocks and the answers a user gave (by input id). Unanswered inputs are reported the way Slack reports them:
 * null values and empty selections.
 */
function slackState(message: SlackMessage, answers: Record<string, string | string[] | undefined>): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of blocksOfType(message, 'input')) {
    const inputId = (block.block_id ?? '').replace(/^rdin:/, '');
    const answer = answers[inputId];
    const element = block.element;
    const optionsFor = (values: string[]): Slack.Option[] =>
      ((element as { options?: Slack.Option[] }).options ?? []).filter((option) => option.value !== undefined && values.includes(option.value));
    let value: Record<string, unknown>;
    switch (element.type) {
      case 'plain_text_input':
      case 'number_input':
        value = { type: element.type, value: answer ?? null };
        break;
      case 'datepicker':
        value = { type: element.type, selected_date: answer ?? null };
        break;
      case 'timepicker':
        value = { type: element.type, selected_time: answer ?? null };
        break;
      case 'static_select':
      case 'radio_buttons':
        value = { type: element.type, selected_option: answer === undefined ? null : (optionsFor([answer as string])[0] ?? null) };
        break;
      case 'multi_static_select':
      case 'checkboxes':
        value = { type: element.type, selected_options: optionsFor(answer === undefined ? [] : ([] as string[]).concat(answer)) };
        break;
      default:
        throw new Error(`unexpected element ${element.type}`);
    }
    state[block.block_id as string] = { [element.action_id as string]: value };
  }
  return state;
}

const formCard: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'Input.Text', id: 'email', label: 'Email' },
    { type: 'Input.Text', id: 'notes', label: 'Notes', isMultiline: true },
    { type: 'Input.Number', id: 'quantity', label: 'Quantity' },
    { type: 'Input.Date', id: 'from', label: 'From' },
    { type: 'Input.Time', id: 'at', label: 'At' },
    {
      type: 'Input.ChoiceSet',
      id: 'severity',
      label: 'Severity',
      choices: [
        { title: 'Minimal', value: 'minimal' },
        { title: 'Critical', value: 'critical' },
      ],
    },
    {
      type: 'Input.ChoiceSet',
      id: 'method',
      label: 'Contact by',
      style: 'expanded',
      choices: [
        { title: 'Email', value: 'email' },
        { title: 'Phone', value: 'phone' },
      ],
    },
    {
      type: 'Input.ChoiceSet',
      id: 'regions',
      label: 'Regions',
      isMultiSelect: true,
      choices: [
        { title: 'West Europe', value: 'westeurope' },
        { title: 'North Europe', value: 'northeurope' },
        { title: 'East US', value: 'eastus' },
      ],
    },
    { type: 'Input.Toggle', id: 'remember', title: 'Remember me', valueOn: 'yes', valueOff: 'no' },
    { type: 'Input.Toggle', id: 'capped', title: 'I accept the capped amount', valueOn: 'accept', valueOff: 'decline:later' },
  ],
  actions: [{ type: 'Action.Submit', title: 'Save', data: { action: 'save' } }],
};

describe('Block Kit ids: reading clicks back', () => {
  it('turns Slack state values into the input values Teams would submit', () => {
    const message = renderCardToBlockKit(formCard);
    const state = slackState(message, {
      email: 'agent@partner.example',
      notes: 'line 1\nline 2 <@U1> *x*',
      quantity: '2',
      from: '2026-03-10',
      at: '09:30',
      severity: 'critical',
      method: 'phone',
      regions: ['westeurope', 'eastus'],
      remember: 'yes',
    });
    assert.deepEqual(inputValuesFromState(state), {
      email: 'agent@partner.example',
      notes: 'line 1\nline 2 <@U1> *x*',
      quantity: '2',
      from: '2026-03-10',
      at: '09:30',
      severity: 'critical',
      method: 'phone',
      regions: 'westeurope,eastus',
      remember: 'yes',
      capped: 'decline:later',
    });
  });

  it('leaves out inputs Slack reports empty, except toggles, which read as valueOff', () => {
    const message = renderCardToBlockKit(formCard);
    assert.deepEqual(inputValuesFromState(slackState(message, {})), { remember: 'no', capped: 'decline:later' });
  });

  it('ignores blocks and actions it did not render, and anything that is not state', () => {
    const state = {
      other_block: { other_action: { type: 'plain_text_input', value: 'x' } },
      'rdin:email': { not_ours: { type: 'plain_text_input', value: 'x' }, 'rdin:text': 'not an object' },
      'rdin:name': { 'rdin:unknownkind': { type: 'plain_text_input', value: 'x' } },
    };
    assert.deepEqual(inputValuesFromState(state), {});
    for (const notState of [undefined, null, 'x', 42, []]) assert.deepEqual(inputValuesFromState(notState), {});
  });

  it('decodes every kind of button action_id and refuses ones it did not make', () => {
    const message = renderCardToBlockKit({
      type: 'AdaptiveCard',
      version: '1.5',
      actions: [
        { type: 'Action.Submit', title: 'A' },
        { type: 'Action.Execute', title: 'B', verb: 'file:refund' },
        { type: 'Action.Execute', title: 'C' },
        { type: 'Action.OpenUrl', title: 'D', url: 'https://example.com' },
      ],
    });
    assert.deepEqual(
      buttons(message).map((button) => decodeButtonActionId(button.action_id ?? '')),
      [
        { kind: 'submit', index: 0 },
        { kind: 'execute', index: 1, verb: 'file:refund' },
        { kind: 'execute', index: 2, verb: '' },
        { kind: 'openUrl', index: 3 },
      ],
    );
    for (const foreign of ['', 'rd:', 'rd:q:1', 'rd:s:x', 'rd:s:1:extra', 'rdin:text', 'button_1']) {
      assert.equal(decodeButtonActionId(foreign), undefined, foreign);
    }
  });

  it('round-trips any action data through the button value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (data) => {
        fc.pre(JSON.stringify(data).length <= 2000);
        const expected = JSON.parse(JSON.stringify(data)) as unknown;
        const message = renderCardToBlockKit({ type: 'AdaptiveCard', version: '1.5', actions: [{ type: 'Action.Submit', title: 'Go', data }] });
        const [button] = buttons(message);
        assert.deepEqual(decodeButtonValue(button?.value), expected);
        assert.equal(button?.value, JSON.stringify(data), 'compact JSON');
      }),
      { numRuns: 300 },
    );
  });

  it('reads a button without data as undefined and refuses a value that is not JSON', () => {
    assert.equal(decodeButtonValue(undefined), undefined);
    assert.equal(decodeButtonValue(''), undefined);
    assert.throws(
      () => decodeButtonValue('{not json'),
      (error: unknown) => error instanceof InvalidInputError && error.details.reason === 'button-value-not-json',
    );
  });
});
