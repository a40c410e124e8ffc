/**
 * What `require("aftereffects")` gives the plugin: the Application object itself (the reference's
 * index page: `const app = require("aftereffects"); app.beginUndoGroup(…)`), as the simulator's
 * strict view. Jest maps `aftereffects` here; the UXP-only runtime test hands it to the bundle.
 */
import { afterEffectsApp } from './afterEffects';

export = afterEffectsApp.view;
