/**
 * The one plugin bundle (dist/index.js) both manifests load: the application UXP reports picks
 * which host app registers its entry points. Each host's main registers them as it loads, so only
 * the running host's main is loaded; neither host imports the other.
 */
import { uxp } from '../uxp/uxpApi';

if (uxp().host.name === 'aftereffects') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only in After Effects, for its side effect of registering
  require('./aftereffects/main');
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only in Premiere Pro, for its side effect of registering
  require('./premiere/main');
}
