import { parseInterpolation, UnsupportedTemplate, type CountExpression, type Expression, type Interpolation, type Literal, type PathExpression } from './templateExpression';

/**
 * Card templates compiled once into functions from data to the expanded card, with adaptivecards-templating 2.3's
 * expansion rules (the library re-evaluates every `${…}` through adaptive-expressions and deep-copies the template
 * on each render; this does the same work with plain closures):
 *
 * - A string that is one `${…}` keeps the value's type (number, boolean, array, object); an undefined path gives
 *   the text `${path}`, a null one stays null. A string with text around `${…}` concatenates each value's
 *   toString() (a null value throws, as in the library).
 * - `$when` keeps the object only if it evaluates to exactly true; `$data` repeats the object per array item (an
 *   item that is undefined keeps the previous scope), and a non-array value becomes the scope of one copy. An object
 *   expands to null (none left), itself (one) or an array (several); arrays drop nulls and splice arrays in.
 * - Member names match case-insensitively, the first own enumerable key in order winning; a member of a falsy or
 *   primitive value is undefined. `!`, `&&`, `||`, comparisons and `$when` see undefined where bindings would
 *   print `${path}`; `!`/`&&` give booleans, `||` true or its last operand's value.
 *
 * Data is inserted as values, never parsed: only the template's own strings are template syntax.
 */

/** The card's words while it renders: `$root.words` without building the object unless a template binds it whole. */
export interface RenderWords {
  /** The word whose element name equals `lowerName` ignoring case (first in the words object's key order). */
  word(lowerName: string): unknown;
  /** The words as one object, as `$root.words` would hold it. */
  toObject(): Record<string, unknown>;
}

type Render = (root: CardRoot, scope: unknown) => unknown;
type Evaluate = (root: CardRoot, scope: unknown) => unknown;

const UNRESOLVED: unique symbol = Symbol('unresolved');
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Whether an object key names the member `name` ignoring case (adaptive-expressions compares lower-cased names).
 * Names in templates are ASCII, and lower-casing never makes a string shorter (İ even grows), so a key of another
 * length never matches; the comparison lower-cases only keys of the right length.
 */
function sameName(key: string, name: string, lowerName: string): boolean {
  return key === name || (key.length === name.length && key.toLowerCase() === lowerName);
}

/** A member of any data value, as adaptive-expressions' accessProperty finds it. */
function member(value: unknown, name: string, lowerName: string): unknown {
  if (!value || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  if (value instanceof Map) {
    const exact: unknown = value.get(name);
    if (exact !== undefined) return exact;
    const key: unknown = Array.from(value.keys()).find((k: string) => k.toLowerCase() === lowerName);
    return key === undefined ? undefined : value.get(key);
  }
  for (const key in value) {
    if (hasOwn.call(value, key) && sameName(key, name, lowerName)) return (value as Record<string, unknown>)[key];
  }
  return undefined;
}

/**
 * `$root` during one render: the caller's data with the words beside it, as `{ ...data, words }` would be, but
 * read in place. Members are looked up once per render (a card reads `open` or `words` many times).
 */
class CardRoot {
  private readonly resolved: unknown[];

  constructor(
    private readonly data: object,
    private readonly words: RenderWords,
    slots: number,
  ) {
    this.resolved = new Array<unknown>(slots).fill(UNRESOLVED);
  }

  member(slot: number, name: string, lowerName: string): unknown {
    let value = this.resolved[slot];
    if (value === UNRESOLVED) {
      value = this.lookup(name, lowerName);
      this.resolved[slot] = value;
    }
    return value;
  }

  /** The spread's keys are the data's own enumerable keys in order, `words` replacing the data's own or appended. */
  private lookup(name: string, lowerName: string): unknown {
    const data = this.data;
    for (const key in data) {
      if (hasOwn.call(data, key) && sameName(key, name, lowerName)) return key === 'words' ? this.words : (data as Record<string, unknown>)[key];
    }
    return sameName('words', name, lowerName) ? this.words : undefined;
  }

  isWords(value: unknown): value is RenderWords {
    return value === this.words;
  }
}

interface CompileContext {
  /** Root member slots by lower-cased name. */
  slots: Map<string, number>;
}

function rootSlot(context: CompileContext, lowerName: string): number {
  let slot = context.slots.get(lowerName);
  if (slot === undefined) {
    slot = context.slots.size;
    context.slots.set(lowerName, slot);
  }
  return slot;
}

/** A path's value, undefined where adaptive-expressions finds nothing (before any `${path}` substitution). */
function compilePath(path: PathExpression, context: CompileContext): Evaluate {
  const names = path.segments;
  const lowerNames = names.map((n) => n.toLowerCase());
  const firstSlot = rootSlot(context, lowerNames[0]);
  const first = names[0];
  const firstLower = lowerNames[0];
  const rest = names.length - 1;
  return (root, scope) => {
    let value = path.fromRoot || scope === root ? root.member(firstSlot, first, firstLower) : member(scope, first, firstLower);
    for (let i = 1; i <= rest; i++) {
      value = root.isWords(value) ? value.word(lowerNames[i]) : member(value, names[i], lowerNames[i]);
    }
    return root.isWords(value) ? value.toObject() : value;
  };
}

/** adaptive-expressions' isLogicTrue: only false, null and undefined are false (0 and '' are true). */
const logicTrue = (value: unknown): boolean => (typeof value === 'boolean' ? value : value !== undefined && value !== null);

const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

/** commonEquals(value, literal) for a number or string literal. */
function equalsLiteral(value: unknown, literal: Literal): boolean {
  if (value === undefined || value === null) return false;
  if (isNumber(value) && isNumber(literal) && Math.abs(value - literal) < Number.EPSILON) return true;
  return value === literal;
}

/** count(): string or array length, Map size, object key count; anything else (undefined, numbers…) is an error. */
function compileCount(count: CountExpression, context: CompileContext): (root: CardRoot, scope: unknown) => { ok: true; value: number } | { ok: false } {
  const path = compilePath(count.path, context);
  return (root, scope) => {
    const value = path(root, scope);
    if (typeof value === 'string' || Array.isArray(value)) return { ok: true, value: value.length };
    if (value instanceof Map) return { ok: true, value: value.size };
    if (typeof value === 'object') {
      // count(null) passes the container check and then fails in Object.keys.
      if (value === null) return { ok: false };
      return { ok: true, value: Object.keys(value).length };
    }
    return { ok: false };
  };
}

/**
 * Compares like adaptive-expressions' ComparisonEvaluator: an operand that fails (count() of a non-container, `>` of
 * null) makes it false; `>` of mismatched types fails the comparison itself, which reads as false everywhere but
 * in a binding of its own, where the library throws (`thrown`).
 */
function compileCompare(operator: '==' | '!=' | '>', left: PathExpression | CountExpression, right: Literal, context: CompileContext, thrown: boolean): Evaluate {
  const test = (value: unknown): boolean => {
    if (operator === '==') return equalsLiteral(value, right);
    if (operator === '!=') return !equalsLiteral(value, right);
    if (value === undefined || value === null) return false;
    if (typeof right === 'number' ? isNumber(value) : typeof value === 'string') return (value as number | string) > right;
    if (thrown) throw new Error(`${String(value)} and ${right} must be comparable.`);
    return false;
  };
  if (left.kind === 'count') {
    const count = compileCount(left, context);
    return (root, scope) => {
      const result = count(root, scope);
      return result.ok ? test(result.value) : false;
    };
  }
  const operand = compilePath(left, context);
  return (root, scope) => test(operand(root, scope));
}

/** An expression's value without `${path}` substitution (how `$when` and the operands of operators see it). */
function compileRaw(expression: Expression, context: CompileContext): Evaluate {
  switch (expression.kind) {
    case 'path':
      return compilePath(expression, context);
    case 'not': {
      const operand = compileRaw(expression.operand, context);
      return (root, scope) => !logicTrue(operand(root, scope));
    }
    case 'and': {
      const left = compileRaw(expression.left, context);
      const right = compileRaw(expression.right, context);
      return (root, scope) => logicTrue(left(root, scope)) && logicTrue(right(root, scope));
    }
    case 'or': {
      const left = compileRaw(expression.left, context);
      const right = compileRaw(expression.right, context);
      return (root, scope) => {
        if (logicTrue(left(root, scope))) return true;
        const last = right(root, scope);
        return logicTrue(last) ? true : last;
      };
    }
    case 'compare':
      return compileCompare(expression.operator, expression.left, expression.right, context, false);
  }
}

/** A binding's value: as compileRaw, but an undefined path prints as `${path}`. */
function compileValue(expression: Expression, context: CompileContext): Evaluate {
  if (expression.kind === 'compare') return compileCompare(expression.operator, expression.left, expression.right, context, true);
  if (expression.kind !== 'path') return compileRaw(expression, context);
  const path = compilePath(expression, context);
  const unresolved = '${' + expression.text + '}';
  return (root, scope) => {
    const value = path(root, scope);
    return value === undefined ? unresolved : value;
  };
}

/** Parses a template string, naming where it is when it is refused. */
function interpolationAt(value: string, at: string): Interpolation {
  try {
    return parseInterpolation(value);
  } catch (error) {
    if (error instanceof UnsupportedTemplate) throw new UnsupportedTemplate(`${at}: ${error.message}`);
    throw error;
  }
}

function compileString(value: string, at: string, context: CompileContext): Render {
  if (!value.includes('${')) return () => value;
  const parts = interpolationAt(value, at);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only && 'expression' in only) return compileValue(only.expression, context);
  const pieces = parts.map((part): { text: string } | { path: Evaluate; unresolved: string } => {
    if ('text' in part) return { text: part.text };
    if (part.expression.kind !== 'path') throw new UnsupportedTemplate(`${at}: "\${${part.source}}" inside text (only paths are interpolated)`);
    return { path: compileValue(part.expression, context), unresolved: '${' + part.expression.text + '}' };
  });
  return (root, scope) => {
    let text = '';
    for (const piece of pieces) {
      if ('text' in piece) {
        text += piece.text;
        continue;
      }
      let value: unknown;
      try {
        value = piece.path(root, scope);
      } catch {
        // The library swallows an evaluation exception inside interpolated text and leaves the expression.
        value = piece.unresolved;
      }
      text += (value as { toString(): string }).toString();
    }
    return text;
  };
}

const RESERVED_KEYS = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

function singleExpression(value: unknown, key: string, at: string): Expression {
  if (typeof value !== 'string') throw new UnsupportedTemplate(`${at}: ${key} that is not a "\${…}" string`);
  const parts = value.includes('${') ? interpolationAt(value, at) : [];
  const only = parts.length === 1 ? parts[0] : undefined;
  if (!only || !('expression' in only)) throw new UnsupportedTemplate(`${at}: ${key} "${value}" is not exactly one "\${…}"`);
  return only.expression;
}

function compileObject(node: Record<string, unknown>, at: string, context: CompileContext): Render {
  const members: Array<{ key: string; render: Render }> = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '__proto__') throw new UnsupportedTemplate(`${at}: a __proto__ key`);
    if (RESERVED_KEYS.has(key)) {
      if (key !== '$data' && key !== '$when') throw new UnsupportedTemplate(`${at}: the key ${key}`);
      continue;
    }
    members.push({ key, render: compileNode(value, `${at}/${key}`, context) });
  }
  const build = (root: CardRoot, scope: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const { key, render } of members) {
      const value = render(root, scope);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  if (!('$data' in node) && !('$when' in node)) return build;

  let data: Evaluate | undefined;
  if ('$data' in node) {
    const expression = singleExpression(node.$data, '$data', at);
    if (expression.kind !== 'path') throw new UnsupportedTemplate(`${at}: $data that is not a path`);
    data = compileValue(expression, context);
  }
  const when = '$when' in node ? compileRaw(singleExpression(node.$when, '$when', at), context) : undefined;
  return (root, scope) => {
    const value = data ? data(root, scope) : undefined;
    const items: ArrayLike<unknown> = Array.isArray(value) ? value : [value];
    const out: Array<Record<string, unknown>> = [];
    let current = scope;
    for (let i = 0; i < items.length; i++) {
      if (items[i] !== undefined) current = items[i];
      if (when && when(root, current) !== true) continue;
      out.push(build(root, current));
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

function compileArray(node: unknown[], at: string, context: CompileContext): Render {
  const items = node.map((item, i) => compileNode(item, `${at}/${i}`, context));
  return (root, scope) => {
    let out: unknown[] = [];
    for (const item of items) {
      const value = item(root, scope);
      if (value === null) continue;
      if (Array.isArray(value)) out = out.concat(value);
      else out.push(value);
    }
    return out;
  };
}

function compileNode(node: unknown, at: string, context: CompileContext): Render {
  if (typeof node === 'string') return compileString(node, at, context);
  if (Array.isArray(node)) return compileArray(node, at, context);
  if (node && typeof node === 'object') return compileObject(node as Record<string, unknown>, at, context);
  if (node === null || typeof node === 'number' || typeof node === 'boolean') return () => node;
  throw new UnsupportedTemplate(`${at}: a ${typeof node} value`);
}

/** A template compiled for rendering: data and that render's words in, the expanded card out. */
export type CompiledTemplate = (data: object, words: RenderWords) => unknown;

/**
 * Compiles a template (parsed JSON) once. Throws naming the template and the construct when the template uses
 * template language this compiler does not implement.
 */
export function compileTemplate(name: string, template: unknown): CompiledTemplate {
  const context: CompileContext = { slots: new Map() };
  let render: Render;
  try {
    render = compileNode(template, '', context);
  } catch (error) {
    if (error instanceof UnsupportedTemplate) throw new UnsupportedTemplate(`cards/${name}.json: ${error.message}`);
    throw error;
  }
  const slots = context.slots.size;
  return (data, words) => {
    const root = new CardRoot(data, words, slots);
    return render(root, root);
  };
}

export { UnsupportedTemplate } from './templateExpression';
