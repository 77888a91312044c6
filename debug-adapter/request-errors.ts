// How requests fail: an error response with an id and a message for the user, never a dead adapter and never a
// JS stack as the message. Handlers throw RequestError, or call fail().
import { logger, LoggingDebugSession, OutputEvent, Response } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';

/** An error a request handler answers with: the DAP error id and a message for the user. */
export class RequestError extends Error {
  constructor(readonly id: number, message: string) {
    super(message);
  }
}

/** DAP messages are format strings: braces in a message would be taken for variables. */
function plain(message: string): string {
  return message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'));
}

export class RequestErrorSession extends LoggingDebugSession {
  /** Every request: one that throws gets an error response, never a dead adapter. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    try {
      super.dispatchRequest(request);
    } catch (e) {
      const response = new Response(request);
      if (e instanceof RequestError) return this.fail(response, e.id, e.message);
      this.sendErrorResponse(response, { id: 9000, format: `${request.command} failed: ${(e as Error).message}`, showUser: false });
    }
  }

  /**
   * The library answers a request whose handler threw with the JS stack as the message: answer with the
   * exception's message instead, and keep the stack for the trace log.
   */
  protected override sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: Record<string, unknown>, dest?: number): void {
    const stack = variables && typeof variables._stack === 'string' ? variables._stack : undefined;
    if (stack !== undefined && typeof codeOrMessage === 'number') {
      logger.error(`${response.command} failed: ${stack}`);
      const text = `${response.command} failed: ${String(variables?._exception ?? 'internal error')}`;
      return super.sendErrorResponse(response, { id: codeOrMessage, format: plain(text), showUser: false });
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return super.sendErrorResponse(response, codeOrMessage as any, format, variables as any, dest);
  }

  /**
   * A message the transport could not use (bad framing, bad JSON, a request without a command): an error
   * response when the request's seq is known, otherwise a line on the Debug Console.
   */
  reportProtocolError(message: string, requestSeq?: number, command?: string): void {
    logger.warn(`protocol error: ${message}`);
    if (requestSeq !== undefined) {
      const response = new Response({ type: 'request', seq: requestSeq, command: command ?? 'unknown' });
      this.sendErrorResponse(response, { id: 1010, format: plain(message), showUser: false });
      return;
    }
    this.sendEvent(new OutputEvent(`fiasco debug adapter: ${message}\n`, 'stderr'));
  }

  protected fail(response: DebugProtocol.Response, id: number, message: string): void {
    this.sendErrorResponse(response, { id, format: plain(message), showUser: false });
  }

  /** Runs a handler; a RequestError it throws becomes the error response. */
  protected answer(response: DebugProtocol.Response, handler: () => void): void {
    try {
      handler();
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      this.fail(response, e.id, e.message);
    }
  }
}
