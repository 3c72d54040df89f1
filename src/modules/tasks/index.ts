// The tasks domain's public surface.
export * from './tasks.dto.ts';
export { tasksRoutes } from './tasks.routes.ts';
export { createTask, listTasks, updateTask } from './tasks.service.ts';
export { reassignCustomer } from './tasks.merge.ts';
export { taskDataSections, taskEraser } from './tasks.privacy.ts';
