// An error a request handler answers with: the DAP error id and a message for the user.
export class RequestError extends Error {
  constructor(readonly id: number, message: string) {
    super(message);
  }
}
