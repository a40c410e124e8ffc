import { clientAuth } from '../../src/protocol/companionHandshake';
import { COMPANION_FILE_ENV, companionInfoPath, companionInfoSchema, companionUrl } from '../../src/protocol/companionInfo';

describe('companion announcement', () => {
  it('lives in the platform\'s per-user config folder', () => {
    expect(companionInfoPath({ platform: 'darwin', homeDir: '/Users/ed', env: {} }))
      .toBe('/Users/ed/Library/Application Support/Coherent Style/companion.json');
    expect(companionInfoPath({ platform: 'win32', homeDir: 'C:\\Users\\ed', env: { APPDATA: 'C:\\Users\\ed\\AppData\\Roaming\\' } }))
      .toBe('C:\\Users\\ed\\AppData\\Roaming\\Coherent Style\\companion.json');
    expect(companionInfoPath({ platform: 'win32', homeDir: 'C:\\Users\\ed', env: {} }))
      .toBe('C:\\Users\\ed\\AppData\\Roaming\\Coherent Style\\companion.json');
    expect(companionInfoPath({ platform: 'linux', homeDir: '/home/ed', env: {} })).toBe('/home/ed/.config/coherent-style/companion.json');
    expect(companionInfoPath({ platform: 'linux', homeDir: '/home/ed', env: { XDG_CONFIG_HOME: '/cfg/' } })).toBe('/cfg/coherent-style/companion.json');
  });

  it('treats every "win*" platform as Windows (UXP\'s os.platform() may answer "win10")', () => {
    expect(companionInfoPath({ platform: 'win10', homeDir: 'C:\\Users\\ed', env: {} }))
      .toBe('C:\\Users\\ed\\AppData\\Roaming\\Coherent Style\\companion.json');
  });

  it('can be moved with an environment variable', () => {
    expect(companionInfoPath({ platform: 'linux', homeDir: '/home/ed', env: { [COMPANION_FILE_ENV]: '/tmp/c.json' } })).toBe('/tmp/c.json');
  });

  it('accepts only a loopback host and a 256-bit hex token', () => {
    const info = { version: 1, host: '127.0.0.1', port: 5000, token: 'ab'.repeat(32), pid: 12, startedAt: 'now' };
    const nonce = 'cd'.repeat(32);
    const url = companionUrl(companionInfoSchema.parse(info), nonce);
    expect(url).toBe(`ws://127.0.0.1:5000/?nonce=${nonce}&auth=${clientAuth(info.token, nonce)}`);
    expect(url).not.toContain(info.token);
    expect(companionInfoSchema.safeParse({ ...info, host: '0.0.0.0' }).success).toBe(false);
    expect(companionInfoSchema.safeParse({ ...info, token: 'short' }).success).toBe(false);
  });
});
