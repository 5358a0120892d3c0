// The one family of errors a use case throws on purpose. Each has a kind; the CLI maps kinds
// to exit codes (bin/cli.ts, exitCodeFor) and the HTTP app to statuses (http/app.ts, onError),
// each in one place. Anything else is a bug or an outage, logged with its stack.

export type ErrorKind = 'invalid-input' | 'not-found' | 'conflict' | 'forbidden' | 'failed';

export class RoundsError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What the user gave cannot be used: a bad address, date, tier, setting or command line. */
export class InvalidInputError extends RoundsError {
  constructor(message: string) {
    super('invalid-input', message);
  }
}

/** What the user named does not exist (for them). */
export class NotFoundError extends RoundsError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** It would clash with what is already there. */
export class ConflictError extends RoundsError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class AddressTakenError extends ConflictError {
  constructor(readonly address: string) {
    super(`${address} already belongs to a Rounds user`);
  }
}

/** A link or address whose signature, owner or purpose does not check out. */
export class ForbiddenError extends RoundsError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The command ran into something it cannot do now; the message says what to do. */
export class OperationFailedError extends RoundsError {
  constructor(message: string) {
    super('failed', message);
  }
}
