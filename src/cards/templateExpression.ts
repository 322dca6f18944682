/**
 * The part of the Adaptive Expressions language our card templates use inside `${…}`, parsed once per template:
 * member paths (`title`, `$root.words.cancel`), `!`, `&&`, `||`, parentheses, and `==`, `!=`, `>` against a number
 * or a '…' string, with `count(path)` on the left. Anything else is refused when the template is compiled, so a
 * template can only use what is implemented here with adaptive-expressions' semantics (test/cards/ proves it
 * against adaptivecards-templating).
 */

export type PathExpression = {
  kind: 'path';
  /** `$root.a.b` starts at the card's data whatever the current `$data`; `a.b` starts at the current `$data`. */
  fromRoot: boolean;
  segments: readonly string[];
  /** The path as adaptive-expressions prints it, for the `${path}` text left where a value is undefined. */
  text: string;
};

export type Literal = number | string;

export type Expression =
  | PathExpression
  | { kind: 'not'; operand: Expression }
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; operator: '==' | '!=' | '>'; left: PathExpression | CountExpression; right: Literal };

/** `count(path)`: only as the left side of a comparison, which turns its errors into false. */
export type CountExpression = { kind: 'count'; path: PathExpression };

/** Why a template was refused: the construct, said so that the template author can find it. */
export class UnsupportedTemplate extends Error {}

type Token = { type: 'name'; value: string } | { type: 'number'; value: number } | { type: 'string'; value: string } | { type: 'op'; value: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** adaptive-expressions reads these as constants, not as member paths. */
const CONSTANT_WORDS = new Set(['true', 'false', 'null', 'undefined']);
const OPERATORS = ['&&', '||', '==', '!=', '!', '>', '(', ')'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ') {
      i++;
      continue;
    }
    const name = /^\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(source.slice(i));
    if (name) {
      if (source[i + name[0].length] === '(' && name[0] !== 'count') throw new UnsupportedTemplate(`function ${name[0]}() (only count() is supported)`);
      tokens.push({ type: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    if (c === "'") {
      const end = source.indexOf("'", i + 1);
      const text = end < 0 ? '' : source.slice(i + 1, end);
      if (end < 0 || text.includes('\\')) throw new UnsupportedTemplate(`string literal ${source.slice(i)} (only '…' without escapes)`);
      tokens.push({ type: 'string', value: text });
      i = end + 1;
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, i));
    if (!operator) throw new UnsupportedTemplate(`"${source.slice(i)}" (supported: paths, !, &&, ||, ==, !=, >, count())`);
    // `>=`, `!==`-like spellings would otherwise read as `>` or `!=` followed by garbage.
    if ((operator === '>' || operator === '!=' || operator === '==') && source[i + operator.length] === '=') throw new UnsupportedTemplate(`operator ${operator}=`);
    tokens.push({ type: 'op', value: operator });
    i += operator.length;
  }
  return tokens;
}

function pathOf(text: string): PathExpression {
  const segments = text.split('.');
  const fromRoot = segments[0] === '$root';
  if (fromRoot) segments.shift();
  if (segments.length === 0) throw new UnsupportedTemplate('$root on its own (bind a member of it)');
  if (segments[0].startsWith('$')) throw new UnsupportedTemplate(`${segments[0]} (only $root is supported)`);
  if (!fromRoot && CONSTANT_WORDS.has(segments[0])) throw new UnsupportedTemplate(`the constant ${segments[0]}`);
  for (const segment of segments) if (!IDENTIFIER.test(segment)) throw new UnsupportedTemplate(`path segment "${segment}"`);
  return { kind: 'path', fromRoot, segments, text };
}

/** Parses the text between `${` and `}`. Precedence as in adaptive-expressions: `!` over comparisons over `&&` over `||`. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isOp = (value: string): boolean => peek()?.type === 'op' && peek()?.value === value;
  const expectOp = (value: string): void => {
    if (!isOp(value)) throw new UnsupportedTemplate(`expected "${value}" in "${source}"`);
    at++;
  };

  const primary = (): Expression | CountExpression => {
    const token = peek();
    if (!token) throw new UnsupportedTemplate(`incomplete expression "${source}"`);
    if (token.type === 'op' && token.value === '(') {
      at++;
      const inner = or();
      expectOp(')');
      return inner;
    }
    if (token.type === 'name') {
      at++;
      if (isOp('(')) {
        if (token.value !== 'count') throw new UnsupportedTemplate(`function ${token.value}() (only count() is supported)`);
        at++;
        const argument = peek();
        if (argument?.type !== 'name') throw new UnsupportedTemplate(`count() of something other than a path in "${source}"`);
        at++;
        expectOp(')');
        return { kind: 'count', path: pathOf(argument.value) };
      }
      return pathOf(token.value);
    }
    throw new UnsupportedTemplate(`a ${token.type} ${JSON.stringify(token.value)} outside a comparison in "${source}"`);
  };

  const unary = (): Expression | CountExpression => {
    if (isOp('!')) {
      at++;
      return { kind: 'not', operand: notCount(unary()) };
    }
    return primary();
  };

  const notCount = (e: Expression | CountExpression): Expression => {
    if (e.kind === 'count') throw new UnsupportedTemplate(`count() outside a comparison in "${source}"`);
    return e;
  };

  const comparison = (): Expression => {
    const left = unary();
    const token = peek();
    if (token?.type === 'op' && (token.value === '==' || token.value === '!=' || token.value === '>')) {
      at++;
      const right = peek();
      if (right?.type !== 'number' && right?.type !== 'string') throw new UnsupportedTemplate(`a comparison whose right side is not a number or '…' string in "${source}"`);
      // Errors inside a comparison's operands read differently from false (`!(a > 0) != 0`): paths and count() only.
      if (left.kind !== 'path' && left.kind !== 'count') throw new UnsupportedTemplate(`a comparison whose left side is not a path or count() in "${source}"`);
      at++;
      return { kind: 'compare', operator: token.value, left, right: right.value };
    }
    return notCount(left);
  };

  const and = (): Expression => {
    let left = comparison();
    while (isOp('&&')) {
      at++;
      left = { kind: 'and', left, right: comparison() };
    }
    return left;
  };

  const or = (): Expression => {
    let left = and();
    while (isOp('||')) {
      at++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  const expression = or();
  if (at < tokens.length) throw new UnsupportedTemplate(`unexpected ${JSON.stringify(tokens[at].value)} in "${source}"`);
  return expression;
}

/** A template string split into literal text and `${…}` expressions. */
export type Interpolation = ReadonlyArray<{ text: string } | { expression: Expression; source: string }>;

/**
 * Splits a string holding `${`. Literal text may not hold what adaptive-expressions' string-template syntax would
 * treat specially (backslash escapes, backticks, braces, a `$` of its own).
 */
export function parseInterpolation(value: string): Interpolation {
  const parts: Array<{ text: string } | { expression: Expression; source: string }> = [];
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('${', i);
    const text = value.slice(i, start < 0 ? value.length : start);
    if (/[\\`{}$]/.test(text)) throw new UnsupportedTemplate(`literal text ${JSON.stringify(text)} with \\, \`, {, } or $`);
    if (text !== '') parts.push({ text });
    if (start < 0) break;
    let end = start + 2;
    let quoted = false;
    for (; end < value.length; end++) {
      const c = value[end];
      if (c === "'") quoted = !quoted;
      else if (!quoted && c === '}') break;
      else if (!quoted && (c === '{' || c === '`' || c === '"')) throw new UnsupportedTemplate(`"${c}" inside ${value.slice(start)}`);
    }
    if (end >= value.length) throw new UnsupportedTemplate(`unterminated ${value.slice(start)}`);
    const source = value.slice(start + 2, end);
    parts.push({ expression: parseExpression(source), source });
    i = end + 1;
  }
  return parts;
}
