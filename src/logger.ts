/**
 * The logging surface the code depends on. pino satisfies it on Node; the Workers entry
 * passes a console-backed one. Never log secrets: pino's redact list in `createPinoLogger`
 * is the second line of defence, not the first.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A JSON-lines logger on console, for runtimes without pino. */
export function createConsoleLogger(bindings: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (obj: object, msg?: string) =>
    console.log(JSON.stringify({ level, time: Date.now(), ...bindings, ...obj, ...(msg ? { msg } : {}) }));
  return {
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    debug: () => {},
    child: (more) => createConsoleLogger({ ...bindings, ...more }),
  };
}
