// Loads a JavaScript block from a Markdown document as a module, so a test runs exactly the
// code the documentation shows. The block is found by its first line (a `// file-name` comment).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function importDocSnippet<T>(docPath: string, firstLine: string): Promise<T> {
  const markdown = fs.readFileSync(docPath, 'utf8');
  const blocks = [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = blocks.find((b) => b.startsWith(firstLine));
  if (!block) throw new Error(`no \`\`\`js block starting with "${firstLine}" in ${docPath}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-doc-'));
  const file = path.join(dir, 'snippet.mjs');
  fs.writeFileSync(file, block);
  return (await import(pathToFileURL(file).href)) as T;
}
