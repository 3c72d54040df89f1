// The `tenure clv | retention | churn | survival | uplift` entry (see commands/analyst.ts): the same
// commands as in main.ts, without loading the commands that open a database.
import { registerAnalyst } from './commands/analyst.ts';
import { execute, exitCodes, newProgram } from './output.ts';

const program = newProgram();
registerAnalyst(program);
const code = await execute(program, process.argv);
if (code !== exitCodes.ok) process.exit(code);
