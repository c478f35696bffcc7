import { DomainValidationError } from "../errors.ts";
import { type Token, type TokenKind, tokenize } from "./lexer.ts";
import { labelKeyProblem, labelValueProblem } from "./names.ts";
import type { Requirement } from "./types.ts";

export type { Requirement } from "./types.ts";

/**
 * Parses Kubernetes label-selector syntax (`env=prod,region in (eu,us),!canary`); the empty
 * selector matches everything. Throws a DomainValidationError on `field` whose message gives
 * the 0-based position of the problem.
 */
export function parseSelector(text: string, field = "selector"): Requirement[] {
  const parser = new Parser(tokenize(text), field);
  if (parser.peek().kind === "end") return [];
  const requirements = [parser.requirement()];
  while (parser.peek().kind === ",") {
    parser.next();
    requirements.push(parser.requirement());
  }
  parser.expect(["end"], "',' or the end of the selector");
  return requirements;
}

class Parser {
  private index = 0;
  private readonly tokens: Token[];
  private readonly field: string;

  constructor(tokens: Token[], field: string) {
    this.tokens = tokens;
    this.field = field;
  }

  peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index++;
    return token;
  }

  fail(token: Token, message: string): never {
    throw new DomainValidationError([{ field: this.field, message: `${message} at position ${token.pos}` }]);
  }

  expect(kinds: TokenKind[], what: string): Token {
    const token = this.next();
    if (kinds.includes(token.kind)) return token;
    return this.fail(token, `expected ${what} but found ${describe(token)}`);
  }

  requirement(): Requirement {
    const negated = this.peek().kind === "!";
    if (negated) this.next();
    const keyToken = this.expect(["ident"], "a label key");
    const keyProblem = labelKeyProblem(keyToken.text);
    if (keyProblem) this.fail(keyToken, `invalid label key ${JSON.stringify(keyToken.text)}: ${keyProblem}`);
    const key = keyToken.text;
    const after = this.peek();
    if (negated || after.kind === "," || after.kind === "end") {
      return { key, op: negated ? "!exists" : "exists", values: [] };
    }
    const op = this.next();
    switch (op.kind) {
      case "=":
      case "==":
      case "!=":
        return { key, op: op.kind === "!=" ? "!=" : "=", values: [this.exactValue()] };
      case "in":
      case "notin":
        return { key, op: op.kind, values: this.valueSet(op) };
      case ">":
      case "<":
        return this.fail(op, `operator ${op.text} is not supported; use =, !=, in, notin or exists`);
      default:
        return this.fail(op, `expected an operator (=, ==, !=, in, notin) but found ${describe(op)}`);
    }
  }

  /** The value after `=`/`!=`; nothing before `,` or the end means the empty value. */
  private exactValue(): string {
    const token = this.peek();
    if (token.kind === "," || token.kind === "end") return "";
    return this.value(this.expect(["ident"], "a label value"));
  }

  /** `( v1, v2 )`; empty items are the empty value, but the set itself must not be empty. */
  private valueSet(op: Token): string[] {
    const open = this.expect(["("], `'(' after ${op.text}`);
    if (this.peek().kind === ")") this.fail(this.peek(), `the value set of ${op.text} must not be empty`);
    const values = new Set<string>();
    for (;;) {
      const token = this.peek();
      if (token.kind === "ident") values.add(this.value(this.next()));
      else if (token.kind === "," || token.kind === ")") values.add("");
      else if (token.kind !== "end") this.fail(token, `expected a label value but found ${describe(token)}`);
      if (this.peek().kind === "end") this.fail(open, "unclosed '('");
      const separator = this.expect([",", ")"], "',' or ')'");
      if (separator.kind === ")") return [...values].sort();
    }
  }

  private value(token: Token): string {
    const problem = labelValueProblem(token.text);
    return problem
      ? this.fail(token, `invalid label value ${JSON.stringify(token.text)}: ${problem}`)
      : token.text;
  }
}

function describe(token: Token): string {
  return token.kind === "end" ? "the end of the selector" : JSON.stringify(token.text);
}
