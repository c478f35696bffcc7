import { expect, test } from "vitest";
import { tokenize } from "../../../src/domain/selector/lexer.ts";

test("tokens carry kinds and positions; identifiers stop at symbols and whitespace", () => {
  expect(tokenize("a!=b,c in(d) notin ==!")).toEqual([
    { kind: "ident", text: "a", pos: 0 },
    { kind: "!=", text: "!=", pos: 1 },
    { kind: "ident", text: "b", pos: 3 },
    { kind: ",", text: ",", pos: 4 },
    { kind: "ident", text: "c", pos: 5 },
    { kind: "in", text: "in", pos: 7 },
    { kind: "(", text: "(", pos: 9 },
    { kind: "ident", text: "d", pos: 10 },
    { kind: ")", text: ")", pos: 11 },
    { kind: "notin", text: "notin", pos: 13 },
    { kind: "==", text: "==", pos: 19 },
    { kind: "!", text: "!", pos: 21 },
    { kind: "end", text: "", pos: 22 },
  ]);
});

test("keywords only as whole words", () => {
  expect(tokenize("index notinx").map((t) => t.kind)).toEqual(["ident", "ident", "end"]);
  expect(tokenize("\t<>").map((t) => t.kind)).toEqual(["<", ">", "end"]);
});
