// The timeline's public surface.
export * from './timeline.ts';
