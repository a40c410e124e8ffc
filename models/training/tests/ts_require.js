// Lets Node require the engine's TypeScript sources directly, so the Python tests use the engine's
// own code independent of any build output (the hook itself: scripts/tsRequire.js).
'use strict';
require('../../../scripts/tsRequire');
