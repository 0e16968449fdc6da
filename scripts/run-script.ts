// Runs a script's main function: known errors print their message without a stack trace.
import { DatabaseLockedError } from "../lib/db/pglite-lock";
import { EnvError } from "../lib/env";

export function runScript(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof DatabaseLockedError || error instanceof EnvError) console.error(error.message);
      else console.error(error);
      process.exit(1);
    },
  );
}
