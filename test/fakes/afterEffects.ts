/**
 * A strict After Effects simulator for the After Effects host's tests: a project with folders,
 * compositions with layers, footage (synthetic movies, image sequences on disk, placeholders),
 * the Project panel selection, an undo history, project XMP, and CompItem.saveFrameToPng writing
 * real PNGs of what the comp shows.
 *
 * The plugin sees only views: objects with exactly the members Adobe's reference documents for
 * their class (afterEffectsReference.ts); anything else reads as undefined and cannot be set.
 * Tests reach the simulated state through the Fake* classes. It keeps the host's rules as the
 * reference states them, or as the worst case where it is silent:
 *  - project.activeItem is null unless exactly one item is selected in the Project panel, and
 *    typeName is localized (the simulator answers in German);
 *  - CompItem.selectedLayers lists layers in the order they were selected, not by index;
 *  - a layer renders when it is enabled, between its in and out points, and either no layer of
 *    its comp is soloed or it is; nulls and adjustment layers show no pixels of their own;
 *  - saveFrameToPng returns a DeferredCall (only `duration`: awaiting it waits for nothing); the
 *    frame is rendered once the current task has ended, from the comp as it is then, and written
 *    in two parts, the file locked against renames until the second lands; a time outside the
 *    comp or a missing folder writes nothing;
 *  - LayerCollection.add puts the layer on top, at the comp's current time unless the
 *    "Create Layers at Composition Start Time" preference is on (off here); moving a layer's
 *    startTime moves its in and out points; in and out points stay within time-based footage;
 *  - an image sequence's frame rate is the import preference (30 fps) until conformFrameRate is set;
 *  - endUndoGroup without beginUndoGroup throws; groups nest (inner names ignored); a group still
 *    open when its task ends is closed there and counted (an undo group across an await);
 *  - every change outside a group is an undo step of its own; undo() is Edit › Undo.
 * Jest maps `aftereffects` to afterEffectsModule.ts, which exports the Application's view. The
 * reference's classes are in ae/; this module gives tests their handles on the simulated state.
 */
export { afterEffectsApp } from './ae/application';
export type { FakeCompItem } from './ae/compItem';
export type { FakeFootageItem } from './ae/footage';
export type { FakeAeLayer } from './ae/layers';
export { openAeProject, type FakeAeProject } from './ae/project';
export { fakeAfterEffects, resetFakeAfterEffects } from './ae/state';
export { undo } from './ae/undo';
