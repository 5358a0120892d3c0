// A unit of work: the writes one event makes (an email logged, a plan applied), gathered and
// made in as few requests as DynamoDB allows: transactions of up to 100 writes, in order.
// Atomic when they fit in one; when they do not, a crash between two leaves the earlier ones
// made, and the event's re-run (every write here is idempotent) finishes it. When a
// transaction is refused because a condition failed (a race, a re-run), its writes are made
// one by one instead, each taking effect or not as it would alone: the answer is the same as
// writing them one at a time, only the cost differs.
import { type Table, TRANSACTION_LIMIT, type WriteAction, writeTarget } from './table.ts';

/** One write of a unit; `tookEffect` is known once the unit has committed. */
export type Staged = {
  readonly action: WriteAction;
  /** Made alone instead of the action (see addOptimistic). */
  readonly alone?: () => Promise<boolean>;
  tookEffect?: boolean;
};

export class WriteUnit {
  /** Writes that go before the rest (the contacts the rest refer to). */
  private readonly first: Staged[] = [];
  private readonly rest: Staged[] = [];
  private guard: Staged | undefined;
  private readonly callbacks: (() => void)[] = [];
  private result: Promise<boolean> | undefined;

  constructor(private readonly table: Table) {}

  get size(): number {
    return this.first.length + this.rest.length + (this.guard ? 1 : 0);
  }

  add(...actions: WriteAction[]): Staged[] {
    this.open();
    const staged = actions.map((action) => ({ action }));
    this.rest.push(...staged);
    return staged;
  }

  /** Adds writes ahead of everything added with `add`. */
  addFirst(...actions: WriteAction[]): Staged[] {
    this.open();
    const staged = actions.map((action) => ({ action }));
    this.first.push(...staged);
    return staged;
  }

  /**
   * Writes whose conditions hold only while what was read still holds (a contact's fields).
   * Alone, `alone` is made instead: it re-checks each part by itself.
   */
  addOptimisticFirst(actions: WriteAction[], alone: () => Promise<boolean>): Staged[] {
    this.open();
    // The writes stand or fall together: alone, the first of them to run makes them all.
    let made: Promise<boolean> | undefined;
    const once = () => {
      made ??= alone();
      return made;
    };
    const staged = actions.map((action) => ({ action, alone: once }));
    this.first.push(...staged);
    return staged;
  }

  /**
   * The write that says the event is done (a message marked seen), made last. If its condition
   * fails in the transaction that holds it, that transaction's writes are not made one by one:
   * the delivery that got there first made them.
   */
  setGuard(action: WriteAction): Staged {
    this.open();
    this.guard = { action };
    return this.guard;
  }

  /** Runs once the unit has committed (an outcome that reports what took effect). */
  onCommit(callback: () => void): void {
    this.callbacks.push(callback);
  }

  /** Whether commit has been called (a unit is made once; later writes need a new one). */
  get committed(): boolean {
    return this.result !== undefined;
  }

  /**
   * Makes the writes; false when the guard's condition failed (another delivery was first).
   * A second call answers as the first did and writes nothing.
   */
  commit(): Promise<boolean> {
    this.result ??= this.write([...this.first, ...this.rest, ...(this.guard ? [this.guard] : [])]).then(
      (guardHeld) => {
        for (const callback of this.callbacks) callback();
        return guardHeld;
      },
    );
    return this.result;
  }

  /** A write added after commit would never be made: a bug, said at once. */
  private open(): void {
    if (this.result) throw new Error('this unit of work has already been committed');
  }

  private async write(all: Staged[]): Promise<boolean> {
    const alone = (s: Staged) => (s.alone ?? (() => this.table.write(s.action)))();
    for (const slice of chunks(all)) {
      // One write needs no transaction (which costs twice the capacity).
      const written = slice.length === 1 ? undefined : await this.table.transact(slice.map((s) => s.action));
      if (written?.ok) {
        for (const s of slice) s.tookEffect = true;
        continue;
      }
      const guardAt = this.guard ? slice.indexOf(this.guard) : -1;
      if (written && guardAt >= 0 && written.failed.includes(guardAt)) {
        for (const s of all) s.tookEffect ??= false;
        return false;
      }
      for (const s of slice) s.tookEffect = await alone(s);
    }
    return this.guard?.tookEffect !== false;
  }
}

/** Runs of at most TRANSACTION_LIMIT writes, none touching an item twice. */
function chunks(all: Staged[]): Staged[][] {
  const out: Staged[][] = [];
  let current: Staged[] = [];
  let targets = new Set<string>();
  for (const staged of all) {
    const target = writeTarget(staged.action);
    if (current.length >= TRANSACTION_LIMIT || targets.has(target)) {
      out.push(current);
      current = [];
      targets = new Set();
    }
    current.push(staged);
    targets.add(target);
  }
  if (current.length > 0) out.push(current);
  return out;
}
