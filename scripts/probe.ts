import { openApiDocument } from './api-types.ts';
const doc: any = await openApiDocument();
console.log(JSON.stringify(doc.components.schemas.ComplaintSettings.properties.slaMatrix, null, 1).slice(0, 1500));
console.log(JSON.stringify(doc.components.schemas.ComplaintSettings.properties.weeklyHours, null, 0).slice(0, 600));
