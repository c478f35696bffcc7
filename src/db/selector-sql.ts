import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Requirement } from "../domain/selector/types.ts";

/**
 * Translates a parsed label selector into a SQL condition on a jsonb labels column, so
 * filtering and paging happen in the database. Equality uses `@>` to hit the GIN index.
 * Semantics follow Kubernetes: `!=` and `notin` also match objects without the key.
 */
export function selectorToSql(column: AnyPgColumn, requirements: readonly Requirement[]): SQL | undefined {
  if (requirements.length === 0) return undefined;
  const parts = requirements.map((req) => requirementToSql(column, req));
  return sql.join(parts, sql` and `);
}

function requirementToSql(column: AnyPgColumn, req: Requirement): SQL {
  const value = sql`(${column} ->> ${req.key})`;
  switch (req.op) {
    case "=":
      return sql`${column} @> ${JSON.stringify({ [req.key]: req.values[0] })}::jsonb`;
    case "!=":
      return sql`not (${column} @> ${JSON.stringify({ [req.key]: req.values[0] })}::jsonb)`;
    case "in":
      return sql`(${sql.join(
        req.values.map((v) => sql`${column} @> ${JSON.stringify({ [req.key]: v })}::jsonb`),
        sql` or `,
      )})`;
    case "notin":
      return sql`(${value} is null or ${value} not in (${sql.join(
        req.values.map((v) => sql`${v}`),
        sql`, `,
      )}))`;
    case "exists":
      return sql`${value} is not null`;
    case "!exists":
      return sql`${value} is null`;
  }
}
