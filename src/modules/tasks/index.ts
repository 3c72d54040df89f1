// The tasks domain's public surface.
export * from './tasks.dto.ts';
export { tasksRoutes } from './tasks.routes.ts';
export { createTask, listTasks, updateTask } from './tasks.service.ts';
export { createTasksInBatch, type TaskDraft, type TaskDraftOutcome } from './tasks.batch.ts';
export { reassignCustomer } from './tasks.merge.ts';
export { sendDueTaskReminders } from './tasks.reminders.ts';
export { taskSources, type TaskSource } from './tasks.schema.ts';
export { valueSources } from './tasks.mine.ts';
export { moveOpenTasks, moveRemainingOpenTasks, openTaskFacts } from './tasks.handover.ts';
export { taskDataSections, taskEraser } from './tasks.privacy.ts';
