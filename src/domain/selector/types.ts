/** One requirement of a label selector; a selector is their conjunction. */
export interface Requirement {
  key: string;
  op: "=" | "!=" | "in" | "notin" | "exists" | "!exists";
  /** One value for `=`/`!=`, a sorted de-duplicated set for `in`/`notin`, empty otherwise. */
  values: string[];
}
