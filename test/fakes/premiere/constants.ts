/** The values behind the simulator's Constants, project item types and media type GUIDs. */

export const VIDEO_GUID = '228CDA18-3625-4d2d-951E-348879E4ED93';
export const AUDIO_GUID = '80B8E3D5-6DCA-4195-AEFB-CB5F407AB009';

/** Project item types (ProjectItem.type). */
export const TYPE_CLIP = 1;
export const TYPE_BIN = 2;
export const TYPE_ROOT = 3;

/** Constants.PropertyType.PERSISTENT: a property that survives the project's reopening. */
export const PROPERTY_PERSISTENT = 0;
