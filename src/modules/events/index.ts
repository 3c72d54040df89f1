// The events domain's public surface.
export * from './events.dto.ts';
export { eventCatalogue, eventMatches, isKnownEventFilter } from './events.catalogue.ts';
export {
  committedIn,
  type EventConsumer,
  type EventRow,
  followEvents,
  followWorkspace,
  type FollowResult,
  startFollowing,
} from './events.follower.ts';
export { eventsRoutes } from './events.routes.ts';
export { findEvent, listEvents, recordEvents, recordEventsFrom } from './events.service.ts';
export { eventTimelineSource } from './events.timeline.ts';
export { reassignCustomer } from './events.merge.ts';
export { eventDataSections, eventEraser } from './events.privacy.ts';
