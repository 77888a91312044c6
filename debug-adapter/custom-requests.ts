// The adapter's own requests (`session.customRequest('fiasco/…')` from the extension's views). Each family of
// requests lives in its own file and registers here, so adding a view never touches the session class.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugRuntime } from './runtime/debug-runtime';
import { RequestError } from './request-errors';

/** What a custom request handler may use. */
export interface CustomRequestContext {
  readonly runtime: DebugRuntime;
  /** Sends a custom event (`onDidReceiveDebugSessionCustomEvent` in the extension). */
  sendEvent(event: string, body: unknown): void;
}

/** Answers one custom request: the result becomes the response body; a thrown RequestError an error response. */
export type CustomRequestHandler = (args: unknown, ctx: CustomRequestContext) => unknown | Promise<unknown>;

const handlers = new Map<string, CustomRequestHandler>();

/** Registers `command` (by convention `fiasco/<view>/<verb>`); a second registration of a name is a bug. */
export function registerCustomRequest(command: string, handler: CustomRequestHandler): void {
  if (handlers.has(command)) throw new Error(`custom request ${command} registered twice`);
  handlers.set(command, handler);
}

export function customRequestHandler(command: string): CustomRequestHandler | undefined {
  return handlers.get(command);
}

/** Runs the handler of `command` and completes `response`; unknown commands are an error naming them. */
export async function answerCustomRequest(command: string, args: unknown, ctx: CustomRequestContext,
  response: DebugProtocol.Response): Promise<void> {
  const h = handlers.get(command);
  if (!h) throw new RequestError(1020, `unknown request '${command}'`);
  response.body = await h(args, ctx);
}
