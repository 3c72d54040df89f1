// The people domain's public surface: routes, and recording (the demo).
export * from './people.dto.ts';
export { peopleRoutes } from './people.routes.ts';
export { createTeam, giveKudos, setGoal } from './people.service.ts';
export { goalMetrics, type GoalMetric } from './people.schema.ts';
