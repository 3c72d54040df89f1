// The `tenure import | export` entry (see commands/import.ts): the same commands as in main.ts,
// without loading the server, the analyst commands and the rest.
import { registerImportExport } from './commands/import.ts';
import { execute, exitCodes, newProgram } from './output.ts';

const program = newProgram();
registerImportExport(program);
const code = await execute(program, process.argv);
if (code !== exitCodes.ok) process.exit(code);
