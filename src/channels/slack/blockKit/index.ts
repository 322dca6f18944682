/**
 * Adaptive Card → Slack Block Kit. The Slack bridge renders with `renderCardToBlockKit` and reads clicks back with
 * `decodeButtonActionId`, `decodeButtonValue` and `inputValuesFromState`. See docs/block-kit-rendering.md.
 */
export { renderCardToBlockKit } from './render';
export {
  decodeButtonActionId,
  decodeButtonValue,
  inputValuesFromState,
  ELEMENT_BLOCK_PREFIX,
  INPUT_BLOCK_PREFIX,
  type ButtonKind,
  type DecodedButton,
} from './ids';
export { SLACK_LIMITS, findLimitViolations } from './limits';
export type * from './types';
