/**
 * Tokens of Kubernetes label-selector syntax, as apimachinery's lexer splits them: special
 * symbols, and identifiers that run until whitespace or a special symbol.
 */
export type TokenKind =
  | "ident"
  | "in"
  | "notin"
  | "!"
  | "!="
  | "="
  | "=="
  | "("
  | ")"
  | ","
  | ">"
  | "<"
  | "end";

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset of the token's first character in the selector text. */
  pos: number;
}

const SYMBOLS = ["!=", "==", "!", "=", "(", ")", ",", ">", "<"] as const;
const SPECIAL = new Set("!=(),<>");

/** Splits a selector into tokens, ending with an `end` token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos] ?? "";
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, pos));
    if (symbol) {
      tokens.push({ kind: symbol, text: symbol, pos });
      pos += symbol.length;
      continue;
    }
    let end = pos;
    while (end < text.length && !SPECIAL.has(text[end] ?? "") && !/\s/.test(text[end] ?? "")) end++;
    const word = text.slice(pos, end);
    tokens.push({ kind: word === "in" || word === "notin" ? word : "ident", text: word, pos });
    pos = end;
  }
  tokens.push({ kind: "end", text: "", pos: text.length });
  return tokens;
}
