import { parseRedisUrl } from '../../src/farm/redisUrl';
import { CoherentStyleError } from '../../src/engine/errors';

test('a plain URL: host, port, database; nothing to hide', () => {
  expect(parseRedisUrl('redis://farm-redis:6380/2')).toEqual({
    connection: { host: 'farm-redis', port: 6380, db: 2 },
    display: 'redis://farm-redis:6380/2',
  });
  expect(parseRedisUrl('redis://10.0.0.5').connection).toEqual({ host: '10.0.0.5', port: 6379 });
});

test('user and password go to the client only; the display form hides the password', () => {
  const { connection, display } = parseRedisUrl('redis://render:s3cr%40t@farm-redis:6379');
  expect(connection).toMatchObject({ username: 'render', password: 's3cr@t' });
  expect(display).toBe('redis://render:***@farm-redis:6379');
  expect(parseRedisUrl('redis://:onlypass@h').display).toBe('redis://:***@h:6379');
});

test('rediss:// turns TLS on with the host name for certificate checks', () => {
  expect(parseRedisUrl('rediss://:pw@redis.example.com:6380').connection).toMatchObject({ tls: { servername: 'redis.example.com' }, password: 'pw', port: 6380 });
  expect(parseRedisUrl('rediss://127.0.0.1').connection.tls).toEqual({});
  expect(parseRedisUrl('redis://127.0.0.1').connection.tls).toBeUndefined();
});

test.each([
  ['not a url :pw', /not a URL/],
  ['http://user:pw@host:6379', /must start with redis:\/\/ or rediss:\/\//],
  ['redis://user:pw@host:6379/abc', /database must be a number/],
])('%s is refused without repeating a password', (url, message) => {
  let error: unknown;
  try {
    parseRedisUrl(url);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CoherentStyleError);
  expect((error as CoherentStyleError).message).toMatch(message);
  expect((error as CoherentStyleError).message).not.toContain('pw');
});

test('redactCredentials hides the credentials of every URL in a text, and nothing else', async () => {
  const { redactCredentials } = await import('../../src/farm/redisUrl');
  expect(redactCredentials("Unknown option '--redis=redis://:pw@127.0.0.1:6379'")).toBe("Unknown option '--redis=redis://:***@127.0.0.1:6379'");
  expect(redactCredentials('a rediss://user:p%40ss@h:1/0 and redis://token@h')).toBe('a rediss://user:***@h:1/0 and redis://***@h');
  expect(redactCredentials('redis://h:6379/0 user@example.com')).toBe('redis://h:6379/0 user@example.com');
});
