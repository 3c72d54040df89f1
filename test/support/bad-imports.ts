// The bad files every import surface (API and CLI) must answer: each is either refused whole
// with a clear message (API: 4xx; CLI: exit 65) and nothing written, or imported with its good
// rows kept and its bad rows named by number and column.
export type BadImportCase = {
  name: string;
  entity: 'customers' | 'products' | 'transactions';
  body: string | Buffer;
  delimiter?: string;
  /** The file as a whole is refused: the message must match. */
  refused?: RegExp;
  /** Or: rows committed, and the errors as "row:column" (or "row:" for a row-level error). */
  committed?: number;
  errors?: string[];
  /** External ids (or skus) that must exist afterwards. */
  present?: string[];
};

/** Every case runs in a workspace that already has product P1 and customer K1. */
export const seedProductsCsv = 'sku,name,list_price_minor,unit_cost_minor\nP1,Coffee,500,200\n';
export const seedCustomersCsv = 'external_id,name\nK1,Kim\n';

export const badImportCases: BadImportCase[] = [
  { name: 'a 0-byte file', entity: 'customers', body: '', refused: /empty/ },
  {
    name: 'a wrong delimiter (semicolons, read as commas)',
    entity: 'customers',
    body: 'external_id;name\nX1;Xavier\n',
    refused: /Missing required columns: external_id, name.*semicolon-separated/,
  },
  {
    name: 'missing required columns',
    entity: 'customers',
    body: 'id,full_name\n1,Yara\n',
    refused: /Missing required columns: external_id, name\. Columns found: id, full_name/,
  },
  {
    name: 'a column named twice',
    entity: 'customers',
    body: 'external_id,name,name\nZ1,Zoe,Zed\n',
    refused: /named twice: name/,
  },
  {
    name: 'bad dates and numbers',
    entity: 'customers',
    body: 'external_id,name,birth_date,acquired_at,declared_wallet_minor\nBD1,Good,1990-02-03,2024-01-01T10:00:00Z,1000\nBD2,Feb 30,1990-02-30,,\nBD3,Slashes,03/02/1990,,\nBD4,Money,,,12.50\nBD5,Words,,yesterday,lots\n',
    committed: 1,
    errors: ['2:birth_date', '3:birth_date', '4:declared_wallet_minor', '5:acquired_at', '5:declared_wallet_minor'],
    present: ['BD1'],
  },
  {
    name: 'unknown product and customer references',
    entity: 'transactions',
    body: 'external_id,customer_external_id,occurred_at,sku,quantity\nR1,K1,2026-01-05,P1,2\nR2,K1,2026-01-05,NOPE,1\nR3,GHOST,2026-01-06,P1,1\nR4,K1,2026-01-07,P1,-1\n',
    committed: 1,
    errors: ['2:sku', '3:customer_external_id', '4:quantity'],
    present: ['R1'],
  },
  {
    name: 'a byte-order mark',
    entity: 'customers',
    body: '\uFEFFexternal_id,name\nBOM1,Bea\n',
    committed: 1,
    errors: [],
    present: ['BOM1'],
  },
  {
    name: 'CRLF line ends',
    entity: 'customers',
    body: 'external_id,name\r\nCR1,Cris\r\nCR2,Caio\r\n',
    committed: 2,
    errors: [],
    present: ['CR1', 'CR2'],
  },
  {
    name: 'quoted newlines, delimiters and quotes',
    entity: 'customers',
    body: 'external_id,name\nQ1,"Souza, Ana\nSecond line"\nQ2,"Quote ""Q"" Person"\n',
    committed: 2,
    errors: [],
    present: ['Q1', 'Q2'],
  },
  {
    name: 'a semicolon file with its delimiter given',
    entity: 'customers',
    delimiter: ';',
    body: 'external_id;name\nSC1;Sara\n',
    committed: 1,
    errors: [],
    present: ['SC1'],
  },
  {
    name: 'duplicate external ids within one file',
    entity: 'customers',
    body: 'external_id,name\nD1,First\nD2,Other\nD1,Second\n',
    committed: 2,
    errors: ['3:external_id'],
    present: ['D1', 'D2'],
  },
  {
    name: 'a file truncated mid-quote',
    entity: 'customers',
    body: 'external_id,name\nT1,Complete\nT2,"Unterminated\n',
    committed: 1,
    errors: ['2:'],
    present: ['T1'],
  },
  {
    name: 'a file truncated mid-row',
    entity: 'customers',
    body: 'external_id,name,email\nM1,Complete,m1@example.com\nM2,Cut',
    committed: 1,
    errors: ['2:'],
    present: ['M1'],
  },
  {
    name: 'a NUL byte in a cell',
    entity: 'customers',
    body: 'external_id,name\nN1,Nul\u0000Name\nN2,Fine\n',
    committed: 1,
    errors: ['1:name'],
    present: ['N2'],
  },
  { name: 'a header and no rows', entity: 'customers', body: 'external_id,name\n', committed: 0, errors: [] },
];

/** "row:column" for comparison with a case's expected errors. */
export const errorKey = (e: { rowNumber: number; column?: string | null }) => `${e.rowNumber}:${e.column ?? ''}`;
