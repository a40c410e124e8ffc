/** The engine's own cancellation: what its waits listen to, since UXP's AbortSignal has no abort event. */
import { CancelController, linkedController, unlessAborted } from '../../src/engine/cancellation';
import { CancelledError } from '../../src/engine/errors';

test('listeners hear the first abort once, with its reason; a late listener hears it at once', () => {
  const controller = new CancelController();
  const heard: unknown[] = [];
  const stop = controller.signal.onAbort((reason) => heard.push(['kept', reason]));
  const removed = controller.signal.onAbort((reason) => heard.push(['removed', reason]));
  removed();
  controller.abort('first');
  controller.abort('second');
  controller.signal.onAbort((reason) => heard.push(['late', reason]));
  stop();
  expect(heard).toEqual([['kept', 'first'], ['late', 'first']]);
  expect([controller.signal.aborted, controller.signal.reason]).toEqual([true, 'first']);
});

test('the default reason is a CancelledError', () => {
  const controller = new CancelController();
  controller.abort();
  expect(controller.signal.reason).toBeInstanceOf(CancelledError);
});

test('a linked controller follows its parent until released', () => {
  const parent = new CancelController();
  const { controller } = linkedController(parent.signal);
  const other = linkedController(parent.signal);
  other.release();
  parent.abort('stop');
  expect([controller.signal.aborted, controller.signal.reason, other.controller.signal.aborted]).toEqual([true, 'stop', false]);
});

test('unlessAborted settles with its work, or rejects once aborted first, and forgets its listener', async () => {
  const controller = new CancelController();
  await expect(unlessAborted(controller.signal, (resolve) => resolve(5))).resolves.toBe(5);
  const waiting = unlessAborted(controller.signal, () => undefined);
  controller.abort();
  await expect(waiting).rejects.toBeInstanceOf(CancelledError);
  await expect(unlessAborted(controller.signal, (resolve) => resolve(1))).rejects.toBeInstanceOf(CancelledError);
});
